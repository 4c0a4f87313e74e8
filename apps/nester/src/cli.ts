import { Command, Option } from 'commander';
import { describeError } from '@seahawks/model';
import { processIo } from './cli-admin-client.js';
import type { CliIo } from './cli-admin-client.js';
import { harvestersCommand } from './cli-harvesters.js';
import { tokenCommand } from './cli-token.js';
import { loadNesterConfig, redactedConfig } from './config/index.js';

/**
 * `seahawks nester …`: `serve`, and the local administration commands (`token …`,
 * `harvesters …`), which talk to the running nester over its admin socket. `io` is where those
 * print (a test passes buffers).
 */
export function nesterCommand(io: CliIo = processIo): Command {
  const cmd = new Command('nester').description('the Seahawks server: storage, PromQL, UI, fleet');
  cmd
    .command('serve')
    .description('run the nester (UI/API on 8080, harvester endpoint on 5000)')
    .option('-c, --config <file>', 'JSON config file')
    .option('--listen <host:port>', 'UI and API address (env SEAHAWKS_LISTEN)')
    .option('--agent-listen <host:port>', 'harvester endpoint address (env SEAHAWKS_AGENT_LISTEN)')
    .option('--data <dir>', 'data directory (env SEAHAWKS_DATA_DIR)')
    .option('--local-harvester', 'also run a harvester on this machine, joined automatically')
    .addOption(new Option('--log-level <level>').choices(['error', 'warn', 'info', 'debug']))
    .option('--check-config', 'validate the configuration and exit')
    .action(async (o: ServeOptions) => {
      const config = await loadNesterConfig(o.config, {
        listen: o.listen,
        agentListen: o.agentListen,
        dataDir: o.data,
        localHarvester: o.localHarvester,
        logLevel: o.logLevel,
      });
      if (o.checkConfig) {
        process.stdout.write(`config ok\n${JSON.stringify(redactedConfig(config), null, 2)}\n`);
        return;
      }
      const { startNester } = await import('./main.js');
      const nester = await startNester(config);
      const stop = (signal: string): void => {
        process.stderr.write(`received ${signal}, stopping\n`);
        nester.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`cannot stop cleanly: ${describeError(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  cmd.addCommand(tokenCommand(io));
  cmd.addCommand(harvestersCommand(io));
  return cmd;
}

interface ServeOptions {
  config?: string;
  listen?: string;
  agentListen?: string;
  data?: string;
  localHarvester?: boolean;
  logLevel?: string;
  checkConfig?: boolean;
}

import { Command, Option } from 'commander';
import { join } from 'node:path';
import { describeError, parseDuration } from '@seahawks/model';
import { loadNesterConfig } from './config/index.js';
import { FleetRegistry, isOnline } from './fleet/registry.js';
import { JsonFile } from './state/json-file.js';
import { formatTable, formatAgo } from './cli-table.js';

/** `seahawks nester …`: serve, and fleet look-ups like `kubectl get nodes`. */
export function nesterCommand(): Command {
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
        process.stdout.write(`config ok\n${JSON.stringify(config, null, 2)}\n`);
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
  cmd
    .command('harvesters')
    .description('list enrolled harvesters with their state (like kubectl get nodes)')
    .option('-c, --config <file>', 'JSON config file')
    .option('--data <dir>', 'data directory (env SEAHAWKS_DATA_DIR)')
    .addOption(new Option('-o, --output <format>').choices(['table', 'json']).default('table'))
    .action(async (o: { config?: string; data?: string; output: 'table' | 'json' }) => {
      const config = await loadNesterConfig(o.config, { dataDir: o.data });
      const fleet = await FleetRegistry.open(new JsonFile(join(config.dataDir, 'fleet.json')));
      const now = Date.now();
      const offlineAfter = parseDuration(config.fleet.offlineAfter);
      const rows = fleet.list().map((h) => ({
        name: h.name,
        status: isOnline(h, now, offlineAfter) ? 'Online' : 'Offline',
        lastSeen: h.lastSeen,
        os: h.inventory.os ?? '',
        arch: h.inventory.arch ?? '',
        version: h.inventory.version ?? '',
        labels: Object.entries(h.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      }));
      if (o.output === 'json') {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const table = rows.map((r) => [
        r.name,
        r.status,
        formatAgo(r.lastSeen, now),
        r.os,
        r.arch,
        r.version,
        r.labels,
      ]);
      process.stdout.write(
        formatTable(['NAME', 'STATUS', 'LAST SEEN', 'OS', 'ARCH', 'VERSION', 'LABELS'], table),
      );
    });
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

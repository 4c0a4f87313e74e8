import { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { describeError } from '@seahawks/model';
import { collectAll } from './collectors/collector.js';
import { reportCollectorFailure } from './collectors/failure-report.js';
import { createCollectors } from './collectors/registry.js';
import { loadHarvesterConfig, localOnlyConfig } from './config/load.js';
import { formatText } from './exposition/text-format.js';
import type { JoinFlags } from './join/join-command.js';

/** `seahawks harvester …`: run the agent, join a nester, or print one collection. */
export function harvesterCommand(): Command {
  const cmd = new Command('harvester').description(
    'the Seahawks agent: collects metrics and ships them to a nester',
  );
  cmd
    .command('run')
    .description('collect every interval and ship to the nester (queued on disk until acknowledged)')
    .option('-c, --config <file>', 'JSON config file (written by the nester for its local harvester)')
    .option(
      '--nester <url>',
      'harvester endpoint of the nester, e.g. http://nester:5000 (env SEAHAWKS_NESTER_URL)',
    )
    .option('--name <node>', 'node name, the instance label (env SEAHAWKS_HARVESTER_NAME; default hostname)')
    .option('--interval <duration>', 'collection interval, 1s..1h (default 15s)')
    .option('--check-config', 'validate the configuration and exit')
    .action(
      async (o: {
        config?: string;
        nester?: string;
        name?: string;
        interval?: string;
        checkConfig?: boolean;
      }) => {
        const config = await loadHarvesterConfig(o.config, {
          nester: o.nester,
          name: o.name,
          interval: o.interval,
        });
        if (o.checkConfig) {
          process.stdout.write(`config ok\n${JSON.stringify(config, null, 2)}\n`);
          return;
        }
        const { startHarvester } = await import('./agent.js');
        const agent = await startHarvester(config);
        const stop = (signal: string): void => {
          process.stderr.write(`harvester: received ${signal}, stopping\n`);
          agent.stop().then(
            () => process.exit(0),
            (err: unknown) => {
              process.stderr.write(`harvester: cannot stop cleanly: ${describeError(err)}\n`);
              process.exit(1);
            },
          );
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
  cmd
    .command('join')
    .description(
      'join a nester like kubeadm join: check its CA hash, trade the token for a credential, write the config',
    )
    .argument('<url>', "the nester's tunnel endpoint, e.g. https://nester.example:5000")
    .option('--token <token>', 'join token, from `seahawks nester token create`')
    .option(
      '--token-file <file>',
      'read the join token from a file (`-`: standard input), so it stays out of the process list',
    )
    .requiredOption('--ca-hash <sha256:hex>', "hash of the nester's CA, from the same join command")
    .option('--name <node>', 'node name, the instance label (default: the hostname)')
    .option('--labels <k=v,...>', "this machine's labels (the token's labels win where they clash)")
    .option('--data <dir>', 'data directory: credential, CA, queue', './harvester-data')
    .option('-c, --config <file>', 'config file to write (default: <data>/harvester.json)')
    .option(
      '--verify-server-name',
      "also require the nester's certificate to name the host in <url> (when its CA is shared)",
    )
    .option(
      '--skip-if-joined',
      'do nothing when <data> already holds a credential (init containers, Ansible)',
    )
    .action(async (url: string, o: JoinFlags) => {
      const { runJoinCommand } = await import('./join/join-command.js');
      await runJoinCommand(url, o, (text) => process.stdout.write(text));
    });
  cmd
    .command('collect')
    .description('collect once and print the metrics in the Prometheus text format (exactly what would ship)')
    .option('--once', 'collect a single time and exit (the only mode for now)', true)
    .option('--disable <collectors>', 'comma-separated collectors to switch off', '')
    .option('--enable <collectors>', 'comma-separated collectors to switch on (e.g. processes)', '')
    .option('--textfile-directory <dir...>', 'directories of *.prom files for the textfile collector')
    .action(async (o: { disable: string; enable: string; textfileDirectory?: string[] }) => {
      const config = localOnlyConfig();
      const list = (text: string): string[] => text.split(',').filter((s) => s !== '');
      const collectors = createCollectors(
        { disable: list(o.disable), enable: list(o.enable) },
        { textfile: { directories: o.textfileDirectory ?? [] } },
      );
      const families = await collectAll(
        collectors,
        config,
        () => performance.now(),
        (name, err) => process.stderr.write(`${reportCollectorFailure(name, err).message}\n`),
      );
      process.stdout.write(formatText(families));
    });
  return cmd;
}

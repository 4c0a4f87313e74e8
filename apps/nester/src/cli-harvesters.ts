import { Command, Option } from 'commander';
import { adminRequest, resolveDataDir, withDataDirOptions } from './cli-admin-client.js';
import type { CliIo, DataDirOptions } from './cli-admin-client.js';
import { formatAgo, formatTable } from './cli-table.js';
import type { HarvesterRow } from './fleet/admin-socket-routes.js';
import { formatLabelList } from './fleet/join-labels.js';

type ListOptions = DataDirOptions & { output: 'table' | 'json' };

/**
 * `seahawks nester harvesters [-o json]` (like `kubectl get nodes`) and
 * `seahawks nester harvesters revoke <name>`, through the running nester's admin socket: the
 * online state is the nester's live view of the tunnels, which no file holds.
 */
export function harvestersCommand(io: CliIo): Command {
  const cmd = withDataDirOptions(
    new Command('harvesters')
      .description('list enrolled harvesters with their state (like kubectl get nodes)')
      .addOption(
        new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'),
      ),
  ).action(async (o: ListOptions) => {
    const { harvesters } = await adminRequest<{ harvesters: HarvesterRow[] }>(
      await resolveDataDir(o),
      'GET',
      '/harvesters',
    );
    if (o.output === 'json') return io.out(`${JSON.stringify(harvesters, null, 2)}\n`);
    const now = Date.now();
    const rows = harvesters.map((h) => [
      h.name,
      h.status === 'online' ? 'Online' : 'Offline',
      formatAgo(h.lastSeen, now),
      h.os || '<unknown>',
      h.arch || '<unknown>',
      h.version || '<unknown>',
      formatLabelList(h.labels) || '<none>',
    ]);
    io.out(formatTable(['NAME', 'STATUS', 'LAST-SEEN', 'OS', 'ARCH', 'VERSION', 'LABELS'], rows));
  });
  cmd
    .command('revoke')
    .description("revoke a harvester's credential and drop its tunnel at once")
    .argument('<name>', 'the harvester to revoke')
    // --config/--data are the parent's: commander parses them wherever they appear on the line.
    .action(async (name: string, _o: unknown, self: Command) => {
      const o = self.optsWithGlobals<DataDirOptions>();
      await adminRequest(await resolveDataDir(o), 'POST', `/harvesters/${encodeURIComponent(name)}/revoke`);
      io.out(`harvester "${name}" revoked\n`);
    });
  return cmd;
}

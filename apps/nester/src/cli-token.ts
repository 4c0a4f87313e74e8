import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { InvalidInputError } from '@seahawks/model';
import { adminRequest, resolveDataDir, withDataDirOptions } from './cli-admin-client.js';
import type { CliIo, DataDirOptions } from './cli-admin-client.js';
import { formatTable } from './cli-table.js';
import type { CreatedJoinToken } from './fleet/admin-socket-routes.js';
import { formatLabelList, parseLabelList } from './fleet/join-labels.js';
import type { JoinTokenInfo } from './fleet/join-tokens.js';

interface CreateOptions extends DataDirOptions {
  ttl: string;
  uses: string;
  labels?: string;
  description?: string;
}

/**
 * `seahawks nester token create|list|revoke`: join tokens, through the running nester's admin
 * socket. `create` prints the join command alone on stdout (so scripts can capture it), and what
 * it means on stderr.
 */
export function tokenCommand(io: CliIo): Command {
  const cmd = new Command('token').description('join tokens: what a harvester trades for its credential');
  withDataDirOptions(
    cmd
      .command('create')
      .description('create a join token and print the command that joins a harvester with it')
      .option('--ttl <duration>', 'lifetime, e.g. 1h, 7d; 0 = never expires', '24h')
      .option('--uses <n>', 'how many harvesters may join with it; 0 = unlimited', '1')
      .option('--labels <k=v,...>', 'labels every harvester joining with it gets (they win over its own)')
      .option('--description <text>', 'what the token is for, shown by token list'),
  ).action(async (o: CreateOptions) => {
    const uses = Number(o.uses);
    if (!/^\d+$/.test(o.uses) || !Number.isSafeInteger(uses))
      throw new InvalidInputError(`cannot create join token: --uses "${o.uses}" is not a whole number`);
    const created = await adminRequest<CreatedJoinToken>(await resolveDataDir(o), 'POST', '/tokens', {
      ttl: o.ttl,
      uses,
      labels: o.labels === undefined ? undefined : parseLabelList(o.labels),
      description: o.description,
      createdBy: localUser(),
    });
    io.err(
      `Join token ${created.id} created: ${describeLimits(created)}.\n` +
        'Run this on the machine to join (the token is shown only now):\n\n',
    );
    io.out(`${created.joinCommand}\n`);
    io.err('\n');
  });
  withDataDirOptions(
    cmd
      .command('list')
      .description('list join tokens (never their secrets)')
      .addOption(
        new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'),
      ),
  ).action(async (o: DataDirOptions & { output: 'table' | 'json' }) => {
    const { tokens } = await adminRequest<{ tokens: JoinTokenInfo[] }>(
      await resolveDataDir(o),
      'GET',
      '/tokens',
    );
    if (o.output === 'json') return io.out(`${JSON.stringify(tokens, null, 2)}\n`);
    const now = Date.now();
    const rows = tokens.map((t) => [
      t.id,
      t.state.replace('_', '-'),
      t.expiresAt === null ? '<forever>' : formatRemaining(t.expiresAt - now),
      `${t.used}/${t.maxUses === 0 ? 'unlimited' : t.maxUses}`,
      formatLabelList(t.labels) || '<none>',
      t.createdBy,
      t.description,
    ]);
    io.out(formatTable(['ID', 'STATE', 'TTL', 'USES', 'LABELS', 'CREATED-BY', 'DESCRIPTION'], rows));
  });
  withDataDirOptions(
    cmd
      .command('revoke')
      .description('revoke a join token at once')
      .argument('<id>', 'the token id (its first 6 characters)'),
  ).action(async (id: string, o: DataDirOptions) => {
    // Accept the whole token too: operators paste what they have.
    const tokenId = id.split('.')[0]!;
    await adminRequest(await resolveDataDir(o), 'DELETE', `/tokens/${encodeURIComponent(tokenId)}`);
    io.out(`join token ${tokenId} revoked\n`);
  });
  return cmd;
}

function describeLimits(t: CreatedJoinToken): string {
  const expires = t.expiresAt === null ? 'never expires' : `expires ${new Date(t.expiresAt).toISOString()}`;
  const uses = t.maxUses === 0 ? 'unlimited uses' : `${t.maxUses} use${t.maxUses === 1 ? '' : 's'}`;
  const labels = formatLabelList(t.labels);
  return `${expires}, ${uses}${labels === '' ? '' : `, labels ${labels}`}`;
}

/** Time left as kubeadm prints it: `23h`, `6d`, `45m`, `<expired>`. */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return '<expired>';
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** Who creates the token, for the record; the socket's file mode already decided they may. */
function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A uid without a passwd entry (common in containers) still creates tokens.
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from './cli-admin-client.js';
import { nesterCommand } from './cli.js';
import { formatRemaining } from './cli-token.js';
import {
  FIXTURE_CA_HASH,
  FIXTURE_TUNNEL_URL,
  startAdminSocketFixture,
} from './fleet/admin-socket-fixture.js';
import type { AdminSocketFixture } from './fleet/admin-socket-fixture.js';

/** Runs `seahawks nester <args>` in-process; returns what it printed. */
async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  await nesterCommand(io).parseAsync(args, { from: 'user' });
  return { out, err };
}

describe('seahawks nester token / harvesters, against a real admin socket', () => {
  let f: AdminSocketFixture;
  before(async () => {
    f = await startAdminSocketFixture(Date.now());
  });
  after(() => f.close());

  it('token create prints the join command alone on stdout, kubeadm-style', async () => {
    const { out, err } = await run([
      'token',
      'create',
      '--data',
      f.dataDir,
      '--ttl',
      '2h',
      '--uses',
      '3',
      '--labels',
      'team=a,site=b',
      '--description',
      'rack 4',
    ]);
    const m = /^seahawks harvester join (\S+) --token ([a-z0-9]{6}\.[a-z0-9]{16}) --ca-hash (\S+)\n$/.exec(
      out,
    );
    assert.ok(m, out);
    assert.deepEqual([m[1], m[3]], [FIXTURE_TUNNEL_URL, FIXTURE_CA_HASH]);
    assert.match(err, /Join token [a-z0-9]{6} created: expires .*, 3 uses, labels site=b,team=a\./);
    const t = f.joinTokens.list(f.now).find((x) => x.id === m[2]!.slice(0, 6))!;
    assert.deepEqual([t.maxUses, t.labels, t.description], [3, { team: 'a', site: 'b' }, 'rack 4']);
    assert.notEqual(t.createdBy, '');
  });

  it('token create finds the data directory through --config too', async () => {
    const config = join(f.dataDir, 'nester.json');
    await writeFile(config, JSON.stringify({ dataDir: f.dataDir }));
    const { out } = await run(['token', 'create', '--config', config, '--ttl', '0', '--uses', '0']);
    assert.match(out, /^seahawks harvester join /);
  });

  it('token list prints a table without secrets; -o json the records', async () => {
    const { out } = await run(['token', 'list', '--data', f.dataDir]);
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID\s+STATE\s+TTL\s+USES\s+LABELS\s+CREATED-BY\s+DESCRIPTION$/);
    assert.equal(lines.length, 3);
    assert.ok(
      lines.some((l) =>
        /^[a-z0-9]{6}\s+active\s+(1h|2h|119m|120m|7199s)\s+0\/3\s+site=b,team=a\s+\S+\s+rack 4$/.test(l),
      ),
      out,
    );
    assert.ok(
      lines.some((l) => /\s+active\s+<forever>\s+0\/unlimited\s+<none>/.test(l)),
      out,
    );
    assert.ok(!out.includes('.'), 'no token secret in the table');
    const json = JSON.parse(
      (await run(['token', 'list', '--data', f.dataDir, '-o', 'json'])).out,
    ) as unknown[];
    assert.equal(json.length, 2);
  });

  it('token revoke revokes by id (or by the whole token)', async () => {
    const { out } = await run(['token', 'create', '--data', f.dataDir]);
    const token = /--token (\S+)/.exec(out)![1]!;
    assert.equal(
      (await run(['token', 'revoke', token, '--data', f.dataDir])).out,
      `join token ${token.slice(0, 6)} revoked\n`,
    );
    assert.equal(f.joinTokens.list(f.now).find((t) => t.id === token.slice(0, 6))?.state, 'revoked');
    await assert.rejects(run(['token', 'revoke', 'zzzzzz', '--data', f.dataDir]), /no such token/);
  });

  it('harvesters prints NAME STATUS LAST-SEEN OS ARCH VERSION LABELS, or JSON', async () => {
    await f.fleet.enroll('web-1', { team: 'a' }, f.now);
    await f.fleet.setInventory(
      f.fleet.byName('web-1')!,
      { os: 'Debian 12', arch: 'arm64', version: '0.1.0' },
      Date.now(),
    );
    await f.fleet.enroll('pi-2', {}, f.now);
    f.online.add('web-1');
    const { out } = await run(['harvesters', '--data', f.dataDir]);
    assert.deepEqual(
      out
        .trimEnd()
        .split('\n')
        .map((l) => l.split(/\s{3,}/)),
      [
        ['NAME', 'STATUS', 'LAST-SEEN', 'OS', 'ARCH', 'VERSION', 'LABELS'],
        ['pi-2', 'Offline', 'never', '<unknown>', '<unknown>', '<unknown>', '<none>'],
        ['web-1', 'Online', '0s', 'Debian 12', 'arm64', '0.1.0', 'team=a'],
      ],
    );
    const json = JSON.parse((await run(['harvesters', '-o', 'json', '--data', f.dataDir])).out) as Array<{
      name: string;
      status: string;
    }>;
    assert.deepEqual(
      json.map((h) => [h.name, h.status]),
      [
        ['pi-2', 'offline'],
        ['web-1', 'online'],
      ],
    );
  });

  it('harvesters revoke <name> revokes; an unknown name is an error', async () => {
    assert.equal(
      (await run(['harvesters', 'revoke', 'pi-2', '--data', f.dataDir])).out,
      'harvester "pi-2" revoked\n',
    );
    assert.equal(
      (await run(['harvesters', '--data', f.dataDir, 'revoke', 'web-1'])).out,
      'harvester "web-1" revoked\n',
    );
    assert.deepEqual(f.revoked, ['pi-2', 'web-1']);
    await assert.rejects(
      run(['harvesters', 'revoke', 'nobody', '--data', f.dataDir]),
      /cannot revoke harvester "nobody": no such harvester/,
    );
  });

  it('says clearly when the nester is not running', async () => {
    const dir = join(f.dataDir, 'elsewhere');
    for (const args of [
      ['token', 'list'],
      ['token', 'create'],
      ['harvesters'],
      ['harvesters', 'revoke', 'x'],
    ]) {
      await assert.rejects(run([...args, '--data', dir]), {
        message: `cannot reach the nester at ${join(dir, 'nester.sock')}: is it running?`,
      });
    }
  });

  it('refuses a bad --uses or --labels before asking the nester', async () => {
    await assert.rejects(
      run(['token', 'create', '--data', f.dataDir, '--uses', 'many']),
      /--uses "many" is not a whole number/,
    );
    await assert.rejects(run(['token', 'create', '--data', f.dataDir, '--labels', 'team']), /not name=value/);
  });

  it('formats time left as kubeadm does', () => {
    assert.deepEqual([0, 59_000, 3_600_000, 23 * 3_600_000, 7 * 86_400_000].map(formatRemaining), [
      '<expired>',
      '59s',
      '60m',
      '23h',
      '7d',
    ]);
  });
});

import assert from 'node:assert/strict';
import { link, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURE_CA_HASH, FIXTURE_TUNNEL_URL, startAdminSocketFixture } from './admin-socket-fixture.js';
import type { AdminSocketFixture } from './admin-socket-fixture.js';
import type { CreatedJoinToken, HarvesterRow } from './admin-socket-routes.js';
import { startAdminSocket } from './admin-socket.js';
import type { AdminSocketDeps } from './admin-socket.js';
import { JoinTokenStore } from './join-tokens.js';
import type { JoinTokenInfo } from './join-tokens.js';
import { FleetRegistry } from './registry.js';
import { JsonFile } from '../state/json-file.js';

describe('admin socket', () => {
  let f: AdminSocketFixture;
  before(async () => {
    f = await startAdminSocketFixture();
  });
  after(() => f.close());

  it('listens on <dataDir>/nester.sock with mode 0600', async () => {
    assert.equal(f.socket.path, join(f.dataDir, 'nester.sock'));
    const st = await stat(f.socket.path);
    assert.ok(st.isSocket());
    assert.equal(st.mode & 0o777, 0o600);
  });

  it('POST /tokens creates a token and the ready join command', async () => {
    const res = await f.call('POST', '/tokens', {
      ttl: '2h',
      uses: 3,
      labels: { team: 'a' },
      description: 'rack 4',
      createdBy: 'alice',
    });
    assert.equal(res.status, 201);
    const t = res.body as CreatedJoinToken;
    assert.match(t.token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    assert.equal(
      t.joinCommand,
      `seahawks harvester join ${FIXTURE_TUNNEL_URL} --token ${t.token} --ca-hash ${FIXTURE_CA_HASH}`,
    );
    assert.deepEqual(
      [t.expiresAt, t.maxUses, t.labels, t.description, t.createdBy, t.state],
      [f.now + 7_200_000, 3, { team: 'a' }, 'rack 4', 'alice', 'active'],
    );
    const never = (await f.call('POST', '/tokens', { ttl: '0', uses: 0 })).body as CreatedJoinToken;
    assert.deepEqual([never.expiresAt, never.maxUses, never.createdBy], [null, 0, 'local admin']);
  });

  const badCreates: Array<[string, unknown, RegExp]> = [
    ['a bad ttl', { ttl: 'soon' }, /ttl "soon"/],
    ['negative uses', { uses: -1 }, /uses/],
    ['an unknown field', { ttl: '1h', admin: true }, /nrecognized/],
    ['a reserved label', { labels: { job: 'x' } }, /reserved/],
  ];
  for (const [what, body, want] of badCreates) {
    it(`POST /tokens answers 400 for ${what}`, async () => {
      const res = await f.call('POST', '/tokens', body);
      assert.equal(res.status, 400);
      assert.match((res.body as { error: string }).error, want);
    });
  }

  it('GET /tokens lists without secrets; DELETE /tokens/:id revokes', async () => {
    const created = (await f.call('POST', '/tokens', {})).body as CreatedJoinToken;
    const list = (await f.call('GET', '/tokens')).body as { tokens: JoinTokenInfo[] };
    assert.ok(list.tokens.some((t) => t.id === created.id && t.state === 'active'));
    assert.ok(!JSON.stringify(list).includes(created.token.slice(7)), 'no secret');
    assert.ok(!JSON.stringify(list).includes('secretHash'), 'no hash');
    assert.equal((await f.call('DELETE', `/tokens/${created.id}`)).status, 204);
    assert.equal(f.joinTokens.list(f.now).find((t) => t.id === created.id)?.state, 'revoked');
    const missing = await f.call('DELETE', '/tokens/zzzzzz');
    assert.equal(missing.status, 404);
    assert.match(
      (missing.body as { error: string }).error,
      /cannot revoke join token "zzzzzz": no such token/,
    );
  });

  it('GET /harvesters shows status, last seen, labels and inventory', async () => {
    await f.fleet.enroll('web-1', { team: 'a' }, f.now);
    await f.fleet.enroll('pi-2', {}, f.now);
    await f.fleet.setInventory(
      f.fleet.byName('web-1')!,
      { os: 'Debian 12', arch: 'x64', version: '0.1.0' },
      f.now,
    );
    f.online.add('web-1');
    const { harvesters } = (await f.call('GET', '/harvesters')).body as { harvesters: HarvesterRow[] };
    assert.deepEqual(harvesters, [
      { name: 'pi-2', status: 'offline', lastSeen: null, labels: {}, os: '', arch: '', version: '' },
      {
        name: 'web-1',
        status: 'online',
        lastSeen: f.now,
        labels: { team: 'a' },
        os: 'Debian 12',
        arch: 'x64',
        version: '0.1.0',
      },
    ]);
  });

  it('POST /harvesters/:name/revoke revokes through the tunnel; 404 for an unknown name', async () => {
    await f.fleet.enroll('doomed', {}, f.now);
    const res = await f.call('POST', '/harvesters/doomed/revoke');
    assert.deepEqual([res.status, res.body], [200, { name: 'doomed', revoked: true }]);
    assert.deepEqual(f.revoked, ['doomed']);
    assert.equal(f.fleet.byName('doomed'), undefined);
    const missing = await f.call('POST', '/harvesters/nobody/revoke');
    assert.equal(missing.status, 404);
    assert.match(
      (missing.body as { error: string }).error,
      /cannot revoke harvester "nobody": no such harvester/,
    );
  });
});

describe('admin socket start and stop', () => {
  let dir: string;
  let deps: AdminSocketDeps;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sh-admin2-'));
    deps = {
      dataDir: dir,
      joinTokens: await JoinTokenStore.open(new JsonFile(join(dir, 'join-tokens.json'))),
      fleet: await FleetRegistry.open(new JsonFile(join(dir, 'fleet.json'))),
      revokeHarvester: () => Promise.resolve(false),
      onlineNames: () => new Set(),
      tunnelUrl: FIXTURE_TUNNEL_URL,
      caHash: () => FIXTURE_CA_HASH,
      clock: () => 0,
    };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('removes its socket file on close', async () => {
    const s = await startAdminSocket(deps);
    await s.close();
    await assert.rejects(stat(s.path), { code: 'ENOENT' });
  });

  it('replaces a stale socket left by a crashed nester', async () => {
    // A hard link keeps the socket file after its server has gone: exactly what a crash leaves.
    const other = createServer();
    const spare = join(dir, 'spare.sock');
    await new Promise<void>((resolve) => other.listen(spare, resolve));
    await link(spare, join(dir, 'nester.sock'));
    await new Promise<void>((resolve) => other.close(() => resolve()));
    const s = await startAdminSocket(deps);
    assert.equal((await stat(s.path)).mode & 0o777, 0o600);
    await s.close();
  });

  it('refuses to start when another nester answers on the socket', async () => {
    const first = await startAdminSocket(deps);
    await assert.rejects(startAdminSocket(deps), /another nester is running with this data directory/);
    await first.close();
  });

  it('refuses to delete a file that is not a socket', async () => {
    await writeFile(join(dir, 'nester.sock'), 'precious');
    await assert.rejects(startAdminSocket(deps), /a file that is not a socket is in the way/);
    await rm(join(dir, 'nester.sock'));
  });

  it('explains a data directory too long for a socket path', async () => {
    await assert.rejects(
      startAdminSocket({ ...deps, dataDir: `/tmp/${'d'.repeat(120)}` }),
      /at most 107 bytes/,
    );
  });
});

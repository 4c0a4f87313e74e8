import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JsonFile } from '../state/json-file.js';
import { SessionStore } from './sessions.js';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

describe('sessions', () => {
  let dir: string;
  let n = 0;
  const open = () => SessionStore.open(new JsonFile(join(dir, `s${++n}.json`)), 24 * HOUR, 2 * HOUR);
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'seahawks-sessions-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('ends a session left idle, and any session at its absolute limit', async () => {
    const s = await open();
    const idle = await s.create('alice', 'viewer', T0);
    const busy = await s.create('alice', 'viewer', T0);
    for (let t = T0; t < T0 + 24 * HOUR; t += HOUR)
      assert.ok(s.lookup(busy, t), `busy at ${(t - T0) / HOUR} h`);
    assert.equal(s.lookup(idle, T0 + 2 * HOUR), undefined, 'idle for 2 h');
    assert.equal(s.lookup(busy, T0 + 24 * HOUR), undefined, 'absolute limit');
  });

  it('lists a user’s sessions with where they came from, and ends them by id', async () => {
    const s = await open();
    const a = await s.create('alice', 'admin', T0, { address: '10.0.0.1', userAgent: 'Firefox' });
    await s.create('alice', 'admin', T0 + 1000, { address: '10.0.0.2', userAgent: 'curl' });
    await s.create('bob', 'viewer', T0);
    const list = s.listFor('alice', T0 + 2000);
    assert.deepEqual(
      list.map((x) => [x.address, x.userAgent]),
      [
        ['10.0.0.2', 'curl'],
        ['10.0.0.1', 'Firefox'],
      ],
    );
    assert.equal(list[1]!.id, s.idOf(a));
    assert.equal(list[1]!.expiresAt, T0 + 2 * HOUR, 'the idle end comes first');
    assert.equal(await s.destroyById('bob', list[0]!.id, T0), false, 'only the owner ends a session');
    assert.equal(await s.destroyById('alice', list[0]!.id, T0), true);
    assert.equal(await s.destroyAllFor('alice', T0, s.idOf(a)), 0, 'the kept one stays');
    assert.ok(s.lookup(a, T0));
    assert.equal(await s.destroyAllFor('alice', T0), 1);
    assert.equal(s.lookup(a, T0), undefined);
    assert.equal(s.listFor('bob', T0).length, 1);
  });

  it('keeps sessions and their activity across a restart', async () => {
    const file = join(dir, 'restart.json');
    const s = await SessionStore.open(new JsonFile(file), 24 * HOUR, 2 * HOUR);
    const token = await s.create('alice', 'viewer', T0);
    assert.ok(s.lookup(token, T0 + HOUR));
    await s.flush(T0 + HOUR);
    const again = await SessionStore.open(new JsonFile(file), 24 * HOUR, 2 * HOUR);
    assert.ok(again.lookup(token, T0 + 2.5 * HOUR), 'last seen at 1 h, so alive at 2.5 h');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

const NOW = 1_700_000_000_000;
const PASSWORD = 'a long enough password';

interface HostBody {
  harvester: {
    name: string;
    summary: { memory: number | null; disk: number | null; cpu: number | null };
    filesystems: Array<{ mountpoint: string; sizeBytes: number; availBytes: number | null }>;
  };
}

describe('fleet routes', () => {
  let n: TestNester;
  let alice = '';

  before(async () => {
    n = await startTestNester(() => NOW);
    await n.deps.fleet.enroll('alpha-1', { team: 'alpha' }, NOW);
    await n.deps.fleet.enroll('bravo-1', { team: 'bravo' }, NOW);
    const gauge = (name: string, instance: string, v: number, extra: Record<string, string> = {}) => ({
      labels: labelsFromRecord({ __name__: name, instance, ...extra }),
      samples: [{ t: NOW - 1000, v }],
    });
    const fs = (mountpoint: string, size: number, avail: number) => [
      gauge('node_filesystem_size_bytes', 'alpha-1', size, { mountpoint, device: 'sda1', team: 'alpha' }),
      gauge('node_filesystem_avail_bytes', 'alpha-1', avail, { mountpoint, device: 'sda1', team: 'alpha' }),
    ];
    await n.deps.appender.append([
      gauge('node_memory_MemTotal_bytes', 'alpha-1', 1000, { team: 'alpha' }),
      gauge('node_memory_MemAvailable_bytes', 'alpha-1', 250, { team: 'alpha' }),
      gauge('node_memory_MemTotal_bytes', 'bravo-1', 1000, { team: 'bravo' }),
      gauge('node_memory_MemAvailable_bytes', 'bravo-1', 900, { team: 'bravo' }),
      ...fs('/', 4000, 1000),
      ...fs('/boot', 500, 400),
    ]);
    await n.deps.users.create('alice', 'viewer', PASSWORD, NOW, ['alpha']);
    const res = await n.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'alice', password: PASSWORD },
    });
    alice = String(res.headers['set-cookie']).split(';')[0]!;
  });
  after(() => n.close());

  const get = (url: string, cookie = n.adminCookie) => n.app.inject({ url, headers: { cookie } });

  it('gives one harvester with its own figures and filesystems, largest first', async () => {
    const res = await get('/api/fleet/alpha-1');
    assert.equal(res.statusCode, 200, res.body);
    const h = res.json<HostBody>().harvester;
    assert.equal(h.name, 'alpha-1');
    assert.equal(h.summary.memory, 0.75);
    assert.equal(h.summary.disk, 0.75);
    assert.deepEqual(
      h.filesystems.map((f) => [f.mountpoint, f.sizeBytes, f.availBytes]),
      [
        ['/', 4000, 1000],
        ['/boot', 500, 400],
      ],
    );
  });

  it('answers 404 for an unknown harvester and for one of another team, alike', async () => {
    const unknown = await get('/api/fleet/nope', alice);
    const hidden = await get('/api/fleet/bravo-1', alice);
    assert.equal(unknown.statusCode, 404);
    assert.equal(hidden.statusCode, 404);
    assert.match(hidden.json<{ error: string }>().error, /no such harvester/);
    assert.equal((await get('/api/fleet/alpha-1', alice)).statusCode, 200);
  });

  it('still lists the whole fleet with summaries', async () => {
    const res = await get('/api/fleet');
    const body = res.json<{ harvesters: Array<{ name: string; summary: { memory: number } }> }>();
    assert.deepEqual(
      body.harvesters.map((h) => [h.name, h.summary.memory]),
      [
        ['alpha-1', 0.75],
        ['bravo-1', 0.09999999999999998],
      ],
    );
  });
});

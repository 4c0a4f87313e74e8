import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

const NOW = 1_700_000_000_000;
const PASSWORD = 'a long enough password';

/** Team scoping through the HTTP API: what a user of team A can reach, by every read path. */
describe('team scoping over the API', () => {
  let n: TestNester;
  const cookies: Record<string, string> = {};
  const get = async (who: string, url: string) => {
    const res = await n.app.inject({ url, headers: { cookie: cookies[who]! } });
    assert.equal(res.statusCode, 200, `${who} ${url}: ${res.body}`);
    return res.json<{ data: unknown; harvesters?: Array<{ name: string }> }>();
  };

  before(async () => {
    n = await startTestNester(() => NOW);
    await n.deps.fleet.enroll('alpha-1', { team: 'alpha' }, NOW);
    await n.deps.fleet.enroll('bravo-1', { team: 'bravo' }, NOW);
    await n.deps.fleet.enroll('loner', {}, NOW);
    const series = (instance: string, team?: string) => ({
      labels: labelsFromRecord({ __name__: 'node_load1', instance, ...(team ? { team } : {}) }),
      samples: [{ t: NOW - 1000, v: 1 }],
    });
    await n.deps.appender.append([series('alpha-1', 'alpha'), series('bravo-1', 'bravo'), series('loner')]);
    await n.deps.users.create('alice', 'viewer', PASSWORD, NOW, ['alpha']);
    await n.deps.users.create('nobody', 'operator', PASSWORD, NOW);
    await n.deps.users.create('noc', 'viewer', PASSWORD, NOW, ['*']);
    for (const who of ['alice', 'nobody', 'noc']) {
      const res = await n.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: who, password: PASSWORD },
      });
      cookies[who] = String(res.headers['set-cookie']).split(';')[0]!;
    }
    cookies.admin = n.adminCookie;
  });
  after(() => n.close());

  const fleetNames = async (who: string) =>
    ((await get(who, '/api/fleet')).harvesters ?? []).map((h) => h.name);
  const instances = async (who: string, query: string) =>
    (
      (await get(who, `/api/v1/query?query=${encodeURIComponent(query)}&time=${NOW / 1000}`)).data as {
        result: Array<{ metric: Record<string, string> }>;
      }
    ).result
      .map((r) => r.metric.instance ?? '')
      .sort();

  it('lists only the harvesters of the user’s teams; admins and * see all', async () => {
    assert.deepEqual(await fleetNames('alice'), ['alpha-1']);
    assert.deepEqual(await fleetNames('nobody'), []);
    assert.deepEqual(await fleetNames('noc'), ['alpha-1', 'bravo-1', 'loner']);
    assert.deepEqual(await fleetNames('admin'), ['alpha-1', 'bravo-1', 'loner']);
  });

  it('answers PromQL with the user’s teams’ series only, whatever the query says', async () => {
    assert.deepEqual(await instances('alice', 'node_load1'), ['alpha-1']);
    assert.deepEqual(await instances('alice', 'node_load1{team="bravo"}'), []);
    assert.deepEqual(await instances('alice', '{__name__=~".+"}'), ['alpha-1']);
    assert.deepEqual(await instances('nobody', 'node_load1'), []);
    assert.deepEqual(await instances('admin', 'node_load1'), ['alpha-1', 'bravo-1', 'loner']);
  });

  it('scopes series, label names and label values the same way', async () => {
    const series = (await get('alice', '/api/v1/series?match[]=node_load1')).data as Array<{
      instance: string;
    }>;
    assert.deepEqual(
      series.map((s) => s.instance),
      ['alpha-1'],
    );
    assert.deepEqual((await get('alice', '/api/v1/label/instance/values')).data, ['alpha-1']);
    assert.deepEqual((await get('alice', '/api/v1/label/team/values')).data, ['alpha']);
    assert.deepEqual((await get('nobody', '/api/v1/labels')).data, []);
    assert.deepEqual((await get('admin', '/api/v1/label/instance/values')).data, [
      'alpha-1',
      'bravo-1',
      'loner',
    ]);
  });

  it('applies a team change to an open session at once', async () => {
    await n.deps.users.update('alice', { teams: ['bravo'] });
    assert.deepEqual(await fleetNames('alice'), ['bravo-1']);
    await n.deps.users.update('alice', { teams: ['alpha'] });
  });
});

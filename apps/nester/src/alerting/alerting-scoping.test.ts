import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

const T0 = 1_700_000_000_000;
const PASSWORD = 'a long enough password';

interface Alert {
  labels: Record<string, string>;
  state: string;
}
interface Silence {
  id: string;
  matchers: Array<{ name: string; value: string }>;
}

/**
 * Team scoping of the alerting API over HTTP: three enrolled harvesters (teams alpha, bravo, and
 * none), none connected, so the built-in HarvesterDown fires for each (its series carries the
 * harvester's team); a webhook that refuses everything leaves one dead letter per harvester.
 * Who sees which alert, history entry, dead letter and silence, and who may silence what.
 */
describe('alerting scoped by team over the API', () => {
  let n: TestNester;
  let now = T0;
  const cookies: Record<string, string> = {};
  const call = async (who: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const res = await n.app.inject({
      method,
      url,
      headers: { cookie: cookies[who]!, 'x-seahawks-csrf': '1' },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  };
  const get = async <T>(who: string, url: string): Promise<T> => {
    const res = await call(who, 'GET', url);
    assert.equal(res.status, 200, `${who} GET ${url}: ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const instances = (alerts: Alert[]) => alerts.map((a) => a.labels.instance ?? '').sort();
  const silence = (matchers: Array<Record<string, unknown>>) => ({
    matchers,
    endsAt: new Date(now + 3_600_000).toISOString(),
    comment: 'maintenance',
  });

  before(async () => {
    n = await startTestNester(() => now, {
      alerting: {
        evaluationInterval: '10s',
        builtinRules: { harvesterDownAfter: '0s' },
        // Nothing listens on port 1 of loopback: every delivery fails at once.
        webhooks: [{ name: 'pager', url: 'http://127.0.0.1:1/hook' }],
        route: {
          groupBy: ['alertname', 'instance'],
          groupWait: '0s',
          groupInterval: '1h',
          repeatInterval: '4h',
        },
        retry: { maxAttempts: 1, initialBackoff: '10ms', maxBackoff: '10ms' },
      },
    });
    await n.deps.fleet.enroll('alpha-1', { team: 'alpha' }, T0);
    await n.deps.fleet.enroll('bravo-1', { team: 'bravo' }, T0);
    await n.deps.fleet.enroll('loner', {}, T0);
    const users: Array<[string, 'viewer' | 'operator', string[]]> = [
      ['alice', 'viewer', ['alpha']],
      ['olga', 'operator', ['alpha']],
      ['nobody', 'operator', []],
      ['noc', 'viewer', ['*']],
      ['carol', 'viewer', ['charlie']],
    ];
    for (const [name, role, teams] of users) {
      await n.deps.users.create(name, role, PASSWORD, T0, teams);
      const res = await n.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: name, password: PASSWORD },
      });
      cookies[name] = String(res.headers['set-cookie']).split(';')[0]!;
    }
    cookies.admin = n.adminCookie;
    // The first evaluation writes the presence series, the second one sees it.
    const alerting = n.deps.alerting!;
    await alerting.tick();
    now += 10_000;
    await alerting.tick();
    await alerting.settled();
  });
  after(() => n.close());

  it('serves /api/v1/alerts with the alerts of the user’s teams; untagged ones to admins and * only', async () => {
    const v1 = async (who: string) =>
      instances((await get<{ data: { alerts: Alert[] } }>(who, '/api/v1/alerts')).data.alerts);
    assert.deepEqual(await v1('admin'), ['alpha-1', 'bravo-1', 'loner']);
    assert.deepEqual(await v1('noc'), ['alpha-1', 'bravo-1', 'loner']);
    assert.deepEqual(await v1('alice'), ['alpha-1']);
    assert.deepEqual(await v1('olga'), ['alpha-1']);
    assert.deepEqual(await v1('nobody'), []);
  });

  it('lists every rule in /api/v1/rules, with the user’s alerts only and the state they make', async () => {
    type Rules = {
      data: { groups: Array<{ rules: Array<{ name: string; state: string; alerts: Alert[] }> }> };
    };
    const rule = async (who: string) => {
      const body = await get<Rules>(who, '/api/v1/rules?type=alert');
      const r = body.data.groups.flatMap((g) => g.rules).find((x) => x.name === 'HarvesterDown');
      assert.ok(r, `${who} sees the HarvesterDown rule`);
      return { state: r.state, instances: instances(r.alerts) };
    };
    assert.deepEqual(await rule('admin'), { state: 'firing', instances: ['alpha-1', 'bravo-1', 'loner'] });
    assert.deepEqual(await rule('alice'), { state: 'firing', instances: ['alpha-1'] });
    assert.deepEqual(await rule('carol'), { state: 'inactive', instances: [] });
    const ui = await get<{ groups: Array<{ rules: Array<{ name: string; alerts: Alert[] }> }> }>(
      'alice',
      '/api/alerting/rules',
    );
    const mine = ui.groups.flatMap((g) => g.rules).find((r) => r.name === 'HarvesterDown');
    assert.deepEqual(instances(mine?.alerts ?? []), ['alpha-1']);
  });

  it('scopes the alerts page: alerts, history and undelivered notifications', async () => {
    type Page = {
      alerts: Alert[];
      history: Array<{ labels: Record<string, string> }>;
      deadLetters: Array<{ summary: string; teams: string[] }>;
    };
    const admin = await get<Page>('admin', '/api/alerting/alerts');
    assert.deepEqual(instances(admin.alerts), ['alpha-1', 'bravo-1', 'loner']);
    assert.equal(admin.deadLetters.length, 3, JSON.stringify(admin.deadLetters));
    const alice = await get<Page>('alice', '/api/alerting/alerts');
    assert.deepEqual(instances(alice.alerts), ['alpha-1']);
    assert.ok(alice.history.length > 0);
    assert.ok(
      alice.history.every((e) => e.labels.team === 'alpha'),
      JSON.stringify(alice.history),
    );
    assert.deepEqual(
      alice.deadLetters.map((d) => d.teams),
      [['alpha']],
    );
    assert.match(alice.deadLetters[0]!.summary, /alpha-1/);
    const nobody = await get<Page>('nobody', '/api/alerting/alerts');
    assert.deepEqual([nobody.alerts, nobody.history, nobody.deadLetters], [[], [], []]);
    const metrics = await n.app.inject({ url: '/metrics', headers: { cookie: cookies.admin! } });
    assert.match(
      metrics.body,
      /seahawks_alerting_notifications_dead_lettered_total\{integration="webhook",receiver="pager"\} 3/,
    );
  });

  it('lets operators silence only with a team matcher naming one of their teams', async () => {
    const url = '/api/alerting/silences';
    const refused = async (who: string, matchers: Array<Record<string, unknown>>, status = 403) => {
      const res = await call(who, 'POST', url, silence(matchers));
      assert.equal(res.status, status, `${who} ${JSON.stringify(matchers)}: ${JSON.stringify(res.body)}`);
      return String(res.body.error);
    };
    assert.match(
      await refused('olga', [{ name: 'instance', value: 'alpha-1' }]),
      /team="<team>".*\(alpha\).*no team matcher/,
    );
    assert.match(
      await refused('olga', [{ name: 'team', value: 'bravo' }]),
      /team="bravo"\) is not one of them/,
    );
    await refused('olga', [{ name: 'team', value: 'alpha', isRegex: true }]);
    await refused('olga', [{ name: 'team', value: 'alpha', isEqual: false }]);
    assert.match(await refused('nobody', [{ name: 'team', value: 'alpha' }]), /belong to no team/);
    assert.match(await refused('alice', [{ name: 'team', value: 'alpha' }]), /operator or admin role/);
    const ok = await call(
      'olga',
      'POST',
      url,
      silence([
        { name: 'team', value: 'alpha' },
        { name: 'alertname', value: 'HarvesterDown' },
      ]),
    );
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const admins = await call('admin', 'POST', url, silence([{ name: 'instance', value: 'bravo-1' }]));
    assert.equal(admins.status, 201);
    const adminsId = (admins.body.silence as Silence).id;
    const olgas = await get<{ silences: Silence[]; canCreate: boolean; teams?: string[] }>('olga', url);
    assert.deepEqual(
      olgas.silences.map((s) => s.matchers.map((m) => m.value)),
      [['alpha', 'HarvesterDown']],
    );
    assert.deepEqual([olgas.canCreate, olgas.teams], [true, ['alpha']]);
    const alices = await get<{ silences: Silence[]; canCreate: boolean }>('alice', url);
    assert.deepEqual([alices.silences.length, alices.canCreate], [1, false]);
    const nocs = await get<{ silences: Silence[] }>('noc', url);
    assert.equal(nocs.silences.length, 2);
    const admin = await get<{ silences: Silence[]; canCreate: boolean; teams?: string[] }>('admin', url);
    assert.deepEqual([admin.silences.length, admin.canCreate, admin.teams], [2, true, undefined]);
    // Another team's silence does not exist for olga; her own she may end.
    assert.equal((await call('olga', 'DELETE', `${url}/${adminsId}`)).status, 404);
    assert.equal((await call('alice', 'DELETE', `${url}/${olgas.silences[0]!.id}`)).status, 403);
    assert.equal((await call('olga', 'DELETE', `${url}/${olgas.silences[0]!.id}`)).status, 200);
    // The admin's silence mutes what it matches, whoever made it.
    const page = await get<{ alerts: Array<Alert & { silencedBy: string[] }> }>(
      'admin',
      '/api/alerting/alerts',
    );
    assert.deepEqual(
      page.alerts.filter((a) => a.silencedBy.length > 0).map((a) => a.labels.instance),
      ['bravo-1'],
    );
  });

  it('keeps rule files to admins (edit_rules)', async () => {
    const body = { name: 'x.yml', text: 'groups: []\n' };
    const res = await call('olga', 'POST', '/api/alerting/rule-files/validate', body);
    assert.equal(res.status, 403);
    assert.match(String(res.body.error), /cannot validate rule files: the admin role is required/);
    assert.equal((await call('olga', 'POST', '/api/alerting/reload')).status, 403);
    assert.equal((await call('admin', 'POST', '/api/alerting/rule-files/validate', body)).status, 200);
    const rules = await get<{ canEdit: boolean }>('olga', '/api/alerting/rules');
    assert.equal(rules.canEdit, false);
    assert.equal((await get<{ canEdit: boolean }>('admin', '/api/alerting/rules')).canEdit, true);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CSRF_HEADER } from '../auth/authenticate.js';
import { startTestNester, TEST_CA_HASH, TEST_TUNNEL_URL } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

const NOW = 1_700_000_000_000;
const PASSWORD = 'a long enough password';

interface Created {
  id: string;
  token: string;
  joinCommand: string;
  labels: Record<string, string>;
  expiresAt: number | null;
  maxUses: number;
  createdBy: string;
}

describe('enrollment over HTTP: join tokens and harvester credentials', () => {
  let n: TestNester;
  const cookies: Record<string, string> = {};
  const call = (who: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    n.app.inject({ method, url, payload, headers: { cookie: cookies[who]!, [CSRF_HEADER]: '1' } });

  before(async () => {
    n = await startTestNester(() => NOW);
    await n.deps.users.create('olga', 'operator', PASSWORD, NOW, ['alpha']);
    await n.deps.users.create('vic', 'viewer', PASSWORD, NOW, ['*']);
    for (const who of ['olga', 'vic']) {
      const res = await n.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: who, password: PASSWORD },
      });
      cookies[who] = String(res.headers['set-cookie']).split(';')[0]!;
    }
    cookies.admin = n.adminCookie;
    await n.deps.fleet.enroll('alpha-1', { team: 'alpha' }, NOW);
    await n.deps.fleet.enroll('bravo-1', { team: 'bravo' }, NOW);
  });
  after(() => n.close());

  it('creates a token and answers the join command the CLI prints', async () => {
    const res = await call('admin', 'POST', '/api/enrollment/tokens', {
      ttl: '2h',
      uses: 3,
      team: 'bravo',
      labels: { site: 'lab' },
      description: 'rack 4',
    });
    assert.equal(res.statusCode, 201, res.body);
    const t = res.json<Created>();
    assert.match(t.token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    assert.equal(
      t.joinCommand,
      `seahawks harvester join ${TEST_TUNNEL_URL} --token ${t.token} --ca-hash ${TEST_CA_HASH}`,
    );
    assert.deepEqual(
      [t.labels, t.expiresAt, t.maxUses, t.createdBy],
      [{ site: 'lab', team: 'bravo' }, NOW + 7_200_000, 3, 'admin'],
    );
    const info = await call('admin', 'GET', '/api/enrollment');
    assert.deepEqual(info.json(), { tunnelUrl: TEST_TUNNEL_URL, caHash: TEST_CA_HASH });
    assert.ok(n.deps.enrollment!.joinTokens.check(t.token, NOW), 'the token joins');
  });

  const refusals: Array<[string, object, RegExp]> = [
    ['a bad ttl', { ttl: 'soon' }, /ttl "soon"/],
    ['negative uses', { uses: -1 }, /uses/],
    ['a reserved label', { labels: { instance: 'x' } }, /reserved/],
    ['a team that disagrees with its label', { team: 'a', labels: { team: 'b' } }, /disagree/],
    ['an unknown field', { forever: true }, /forever|Unrecognized/],
  ];
  for (const [what, payload, message] of refusals) {
    it(`refuses ${what} with a 400`, async () => {
      const res = await call('admin', 'POST', '/api/enrollment/tokens', payload);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json<{ error: string }>().error, message);
    });
  }

  it('lets an operator enroll into their own team only, and see only its tokens and harvesters', async () => {
    const own = await call('olga', 'POST', '/api/enrollment/tokens', { team: 'alpha' });
    assert.equal(own.statusCode, 201, own.body);
    const ownId = own.json<Created>().id;
    for (const payload of [{ team: 'bravo' }, {}, { labels: { site: 'x' } }]) {
      const res = await call('olga', 'POST', '/api/enrollment/tokens', payload);
      assert.equal(res.statusCode, 403, JSON.stringify(payload));
      assert.match(res.body, /own teams only.*yours: alpha/);
    }
    const tokens = (await call('olga', 'GET', '/api/enrollment/tokens')).json<{ tokens: Created[] }>().tokens;
    assert.deepEqual(
      tokens.map((t) => t.id),
      [ownId],
    );
    const bravo = (await call('admin', 'GET', '/api/enrollment/tokens'))
      .json<{ tokens: Created[] }>()
      .tokens.find((t) => t.labels.team === 'bravo')!;
    assert.equal((await call('olga', 'DELETE', `/api/enrollment/tokens/${bravo.id}`)).statusCode, 404);
    assert.equal((await call('olga', 'DELETE', `/api/enrollment/tokens/${ownId}`)).statusCode, 204);
    const after = (await call('olga', 'GET', '/api/enrollment/tokens')).json<{
      tokens: Array<{ state: string }>;
    }>();
    assert.equal(after.tokens[0]!.state, 'revoked');
    const hs = (await call('olga', 'GET', '/api/enrollment/harvesters')).json<{
      harvesters: Array<{ name: string }>;
    }>();
    assert.deepEqual(
      hs.harvesters.map((h) => h.name),
      ['alpha-1'],
    );
    assert.equal((await call('olga', 'POST', '/api/enrollment/harvesters/bravo-1/revoke')).statusCode, 404);
    assert.ok(n.deps.fleet.byName('bravo-1'), 'another team’s harvester is untouched');
  });

  it('revokes a harvester credential', async () => {
    const credential = await n.deps.fleet.enroll('doomed', { team: 'alpha' }, NOW);
    assert.ok(n.deps.fleet.authenticate(credential));
    const res = await call('olga', 'POST', '/api/enrollment/harvesters/doomed/revoke');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(n.deps.fleet.authenticate(credential), undefined);
    assert.equal((await call('admin', 'POST', '/api/enrollment/harvesters/doomed/revoke')).statusCode, 404);
  });

  it('refuses viewers everything, even with every team', async () => {
    for (const [method, url] of [
      ['GET', '/api/enrollment'],
      ['GET', '/api/enrollment/tokens'],
      ['POST', '/api/enrollment/tokens'],
      ['DELETE', '/api/enrollment/tokens/abcdef'],
      ['GET', '/api/enrollment/harvesters'],
      ['POST', '/api/enrollment/harvesters/alpha-1/revoke'],
    ] as const) {
      const res = await call('vic', method, url, method === 'POST' ? { team: 'alpha' } : undefined);
      assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
    }
  });
});

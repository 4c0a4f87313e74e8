import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CSRF_HEADER } from '../auth/authenticate.js';
import { startTestNester, TEST_ADMIN_PASSWORD } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

const NOW = 1_700_000_000_000;
const errorOf = (body: string) => (JSON.parse(body) as { error: string }).error;

describe('API tokens over HTTP', () => {
  let n: TestNester;
  let now = NOW;
  const asAdmin = { cookie: '', [CSRF_HEADER]: '1' };
  const create = (payload: Record<string, unknown>, headers: Record<string, string> = asAdmin) =>
    n.app.inject({ method: 'POST', url: '/api/auth/tokens', payload, headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  before(async () => {
    n = await startTestNester(() => now);
    asAdmin.cookie = n.adminCookie;
    await n.deps.users.create('olivia', 'operator', 'operator password!', NOW);
  });
  after(() => n.close());

  it('creates a token shown once; it reads the Prometheus API as its role', async () => {
    const res = await create({ name: 'grafana', role: 'viewer', ttl: '30d' });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json<{ token: string; id: string; role: string; creator: string; expiresAt: number }>();
    assert.match(body.token, /^sht_/);
    assert.deepEqual([body.role, body.creator, body.expiresAt], ['viewer', 'admin', NOW + 30 * 86_400_000]);
    const q = await n.app.inject({ url: '/api/v1/query?query=1', headers: bearer(body.token) });
    assert.equal(q.statusCode, 200, q.body);
    const me = await n.app.inject({ url: '/api/auth/me', headers: bearer(body.token) });
    assert.deepEqual(me.json(), { user: { name: 'admin', role: 'viewer', teams: ['*'] } });
    const list = await n.app.inject({ url: '/api/auth/tokens', headers: { cookie: n.adminCookie } });
    const listed = list.json<{ tokens: Array<Record<string, unknown>> }>().tokens;
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.lastUsed, NOW);
    assert.ok(!JSON.stringify(listed).includes(body.token.slice(17)), 'the list holds no secret');
  });

  it('lets a bearer token write without the CSRF header, as its role allows', async () => {
    const viewer = (await create({ name: 'ro', role: 'viewer' })).json<{ token: string }>().token;
    const operator = (await create({ name: 'rw', role: 'operator' })).json<{ token: string }>().token;
    const write = (token: string) =>
      n.app.inject({
        method: 'POST',
        url: '/api/v1/write',
        payload: Buffer.alloc(0),
        headers: bearer(token),
      });
    assert.equal((await write(viewer)).statusCode, 403);
    assert.equal((await write(operator)).statusCode, 400, 'past authorization: an empty body is bad data');
  });

  const refusals: Array<[string, () => Promise<{ statusCode: number; body: string }>, number, RegExp]> = [
    [
      'a cookie session without the CSRF header',
      () => create({ name: 'x', role: 'viewer' }, { cookie: n.adminCookie }),
      403,
      /CSRF|csrf/,
    ],
    ['no credentials', () => create({ name: 'x', role: 'viewer' }, {}), 401, /authentication required/],
    ['a body without a role', () => create({ name: 'x' }), 400, /expected JSON \{name, role/],
    ['an unknown field', () => create({ name: 'x', role: 'viewer', scopes: [] }), 400, /expected JSON/],
    [
      'a bad ttl',
      () => create({ name: 'x', role: 'viewer', ttl: 'soon' }),
      400,
      /cannot parse duration "soon"/,
    ],
    ['a taken name', () => create({ name: 'grafana', role: 'viewer' }), 400, /the name is taken/],
  ];
  for (const [what, send, status, want] of refusals) {
    it(`refuses ${what} with ${status}`, async () => {
      const res = await send();
      assert.equal(res.statusCode, status, res.body);
      assert.match(errorOf(res.body), want);
    });
  }

  it('keeps token management to admins, whatever the credential', async () => {
    const login = await n.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'olivia', password: 'operator password!' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const viewer = (await create({ name: 'viewer-token', role: 'viewer' })).json<{ token: string }>().token;
    for (const headers of [{ cookie, [CSRF_HEADER]: '1' }, bearer(viewer)]) {
      const res = await create({ name: 'y', role: 'viewer' }, headers);
      assert.equal(res.statusCode, 403, res.body);
      assert.match(res.body, /the admin role is required/);
      assert.equal((await n.app.inject({ url: '/api/auth/tokens', headers })).statusCode, 403);
    }
  });

  it('revokes a token at once and answers 404 for an unknown one', async () => {
    const made = (await create({ name: 'to-revoke', role: 'viewer' })).json<{ token: string; id: string }>();
    const del = (id: string) =>
      n.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: asAdmin });
    assert.equal((await del(made.id)).statusCode, 204);
    const q = await n.app.inject({ url: '/api/v1/query?query=1', headers: bearer(made.token) });
    assert.equal(q.statusCode, 401);
    const again = await del(made.id);
    assert.equal(again.statusCode, 404);
    assert.match(errorOf(again.body), /cannot revoke API token ".+": no such token/);
  });

  it('refuses an expired token with 401', async () => {
    const made = (await create({ name: 'brief', role: 'viewer', ttl: '1m' })).json<{ token: string }>();
    now = NOW + 60_000;
    try {
      const q = await n.app.inject({ url: '/api/v1/query?query=1', headers: bearer(made.token) });
      assert.equal(q.statusCode, 401);
    } finally {
      now = NOW;
    }
  });

  it('accepts Basic auth on the Prometheus API only', async () => {
    const good = `Basic ${Buffer.from(`admin:${TEST_ADMIN_PASSWORD}`).toString('base64')}`;
    const wrong = `Basic ${Buffer.from('admin:wrong').toString('base64')}`;
    const get = (url: string, authorization: string) => n.app.inject({ url, headers: { authorization } });
    assert.equal((await get('/api/v1/query?query=1', good)).statusCode, 200);
    assert.equal((await get('/api/v1/query?query=1', wrong)).statusCode, 401);
    assert.equal((await get('/api/fleet', good)).statusCode, 401);
    assert.equal((await get('/api/auth/tokens', good)).statusCode, 401);
  });
});

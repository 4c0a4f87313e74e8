import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CSRF_HEADER } from '../auth/authenticate.js';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

const NOW = 1_700_000_000_000;
const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'another long password';

describe('own account over HTTP: password, sessions, API tokens', () => {
  let n: TestNester;
  let now = NOW;
  const login = async (username: string, password = PASSWORD, headers: Record<string, string> = {}) =>
    n.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });
  const cookieOf = (res: { headers: Record<string, unknown> }) =>
    String(res.headers['set-cookie']).split(';')[0]!;
  const call = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    n.app.inject({ method, url, payload, headers: { cookie, [CSRF_HEADER]: '1' } });

  before(async () => {
    n = await startTestNester(() => now);
    await n.deps.users.create('olga', 'operator', PASSWORD, NOW, ['alpha']);
    await n.deps.users.create('vic', 'viewer', PASSWORD, NOW, ['alpha']);
  });
  after(() => n.close());

  it('sets an HttpOnly, SameSite=Strict session cookie, Secure only over HTTPS', async () => {
    const plain = String((await login('vic')).headers['set-cookie']);
    assert.match(plain, /HttpOnly/);
    assert.match(plain, /SameSite=Strict/);
    assert.doesNotMatch(plain, /Secure/);
    assert.match(plain, /Max-Age=3600/);
    // A forwarded proto from an untrusted peer (inject's 127.0.0.1 is not configured) is ignored.
    const spoofed = String(
      (await login('vic', PASSWORD, { 'x-forwarded-proto': 'https' })).headers['set-cookie'],
    );
    assert.doesNotMatch(spoofed, /Secure/);
  });

  it('lists the user’s own sessions, marking the current one, and ends the others', async () => {
    const a = cookieOf(await login('olga', PASSWORD, { 'user-agent': 'Browser A' }));
    now += 1000;
    const b = cookieOf(await login('olga', PASSWORD, { 'user-agent': 'Browser B' }));
    const res = await call(a, 'GET', '/api/account');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{
      user: { name: string; role: string };
      sessions: Array<{ id: string; userAgent: string; current: boolean }>;
    }>();
    assert.deepEqual(body.user, { name: 'olga', role: 'operator', teams: ['alpha'], via: 'session' });
    assert.deepEqual(
      body.sessions.map((s) => [s.userAgent, s.current]),
      [
        ['Browser B', false],
        ['Browser A', true],
      ],
    );
    const other = body.sessions[0]!.id;
    assert.equal((await call(a, 'DELETE', `/api/account/sessions/${other}`)).statusCode, 204);
    assert.equal((await call(b, 'GET', '/api/auth/me')).statusCode, 401);
    assert.equal((await call(a, 'DELETE', '/api/account/sessions/nope')).statusCode, 404);
    const c = cookieOf(await login('olga'));
    const ended = await call(a, 'DELETE', '/api/account/sessions');
    assert.deepEqual(ended.json(), { sessionsEnded: 1 });
    assert.equal((await call(c, 'GET', '/api/auth/me')).statusCode, 401);
    assert.equal((await call(a, 'GET', '/api/auth/me')).statusCode, 200);
  });

  it('changes the password with the current one, ending every other session', async () => {
    const here = cookieOf(await login('olga'));
    const elsewhere = cookieOf(await login('olga'));
    const wrong = await call(here, 'PUT', '/api/account/password', {
      current: 'not it at all',
      password: NEW_PASSWORD,
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /current password is wrong/);
    const weak = await call(here, 'PUT', '/api/account/password', { current: PASSWORD, password: 'short' });
    assert.match(weak.body, /shorter than 12/);
    const res = await call(here, 'PUT', '/api/account/password', {
      current: PASSWORD,
      password: NEW_PASSWORD,
    });
    assert.equal(res.statusCode, 200, res.body);
    const fresh = cookieOf(res);
    assert.notEqual(fresh, here, 'this browser gets a new session');
    for (const old of [here, elsewhere])
      assert.equal((await call(old, 'GET', '/api/auth/me')).statusCode, 401);
    assert.equal((await call(fresh, 'GET', '/api/auth/me')).statusCode, 200);
    assert.equal((await login('olga')).statusCode, 401, 'the old password is refused');
    assert.equal((await login('olga', NEW_PASSWORD)).statusCode, 200);
  });

  it('throttles wrong current passwords like logins', async () => {
    const cookie = cookieOf(await login('vic'));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(cookie, 'PUT', '/api/account/password', {
        current: `wrong ${i}`,
        password: NEW_PASSWORD,
      });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 429]);
    now += 5_000;
  });

  it('creates own API tokens up to one’s role, shown once, and revokes only one’s own', async () => {
    const cookie = cookieOf(await login('vic'));
    const above = await call(cookie, 'POST', '/api/account/tokens', { name: 'up', role: 'operator' });
    assert.equal(above.statusCode, 400);
    assert.match(above.body, /above the creator's role viewer/);
    const res = await call(cookie, 'POST', '/api/account/tokens', {
      name: 'grafana-vic',
      role: 'viewer',
      ttl: '30d',
    });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json<{ token: string; id: string; expiresAt: number }>();
    assert.equal(created.expiresAt, now + 30 * 86_400_000);
    const list = (await call(cookie, 'GET', '/api/account/tokens')).json<{ tokens: Array<{ id: string }> }>();
    assert.deepEqual(
      list.tokens.map((t) => t.id),
      [created.id],
    );
    assert.ok(!JSON.stringify(list).includes(created.token.slice(17)));
    const bearer = { authorization: `Bearer ${created.token}` };
    const viaToken = await n.app.inject({
      method: 'POST',
      url: '/api/account/tokens',
      payload: { name: 'child', role: 'viewer' },
      headers: bearer,
    });
    assert.equal(viaToken.statusCode, 403, 'a token cannot mint tokens');
    const pw = await n.app.inject({
      method: 'PUT',
      url: '/api/account/password',
      payload: { current: PASSWORD, password: NEW_PASSWORD },
      headers: bearer,
    });
    assert.equal(pw.statusCode, 403, 'a token cannot change the password');
    const olga = cookieOf(await login('olga', NEW_PASSWORD));
    assert.equal((await call(olga, 'DELETE', `/api/account/tokens/${created.id}`)).statusCode, 404);
    assert.equal((await call(cookie, 'DELETE', `/api/account/tokens/${created.id}`)).statusCode, 204);
    assert.equal((await n.app.inject({ url: '/api/auth/me', headers: bearer })).statusCode, 401);
  });

  it('sends the security headers on pages and API answers alike', async () => {
    for (const url of ['/', '/api/auth/me', '/healthz']) {
      const res = await n.app.inject({ url });
      assert.match(String(res.headers['content-security-policy']), /script-src 'self';/, url);
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
    }
  });
});

describe('login throttling over HTTP', () => {
  let n: TestNester;
  let now = NOW;
  const attempt = (password: string, remoteAddress = '198.51.100.7') =>
    n.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password },
      remoteAddress,
    });
  before(async () => {
    n = await startTestNester(() => now);
  });
  after(() => n.close());

  it('answers 429 with Retry-After after five failures, even to the right password, then lets it in', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await attempt(`wrong ${i}`)).statusCode, 401);
    const locked = await attempt('correct horse battery staple');
    assert.equal(locked.statusCode, 429, locked.body);
    assert.equal(locked.headers['retry-after'], '5');
    assert.match(locked.body, /try again in 5 s/);
    assert.equal(
      (await attempt('correct horse battery staple', '203.0.113.1')).statusCode,
      200,
      'another address',
    );
    now += 5_000;
    assert.equal((await attempt('correct horse battery staple')).statusCode, 200);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CSRF_HEADER } from '../auth/authenticate.js';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

const NOW = 1_700_000_000_000;
const PASSWORD = 'a long enough password';

describe('users and teams over HTTP', () => {
  let n: TestNester;
  const login = async (username: string, password = PASSWORD) => {
    const res = await n.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
    });
    assert.equal(res.statusCode, 200, res.body);
    return String(res.headers['set-cookie']).split(';')[0]!;
  };
  const call = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    n.app.inject({ method, url, payload, headers: { cookie, [CSRF_HEADER]: '1' } });
  const admin = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    call(n.adminCookie, method, url, payload);

  before(async () => {
    n = await startTestNester(() => NOW);
    await n.deps.fleet.enroll('alpha-1', { team: 'alpha' }, NOW);
    await n.deps.fleet.enroll('alpha-2', { team: 'alpha' }, NOW);
    await n.deps.fleet.enroll('ghost', { team: '<img src=x onerror=alert(1)>' }, NOW);
    await n.deps.fleet.enroll('loner', {}, NOW);
  });
  after(() => n.close());

  it('creates a user with a role and teams, who can then log in', async () => {
    const res = await admin('POST', '/api/users', {
      name: 'alice',
      role: 'operator',
      teams: ['beta', 'alpha'],
      password: PASSWORD,
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json(), {
      user: {
        name: 'alice',
        role: 'operator',
        teams: ['alpha', 'beta'],
        createdAt: NOW,
        sessions: 0,
        apiTokens: 0,
      },
    });
    await login('alice');
    const list = (await admin('GET', '/api/users')).json<{
      users: Array<{ name: string; sessions: number }>;
    }>();
    assert.deepEqual(
      list.users.map((u) => [u.name, u.sessions]),
      [
        ['admin', 1],
        ['alice', 1],
      ],
    );
    assert.ok(!JSON.stringify(list).includes('argon2'), 'no password hash leaves the nester');
  });

  const refusals: Array<[string, object, RegExp]> = [
    ['a short password', { name: 'bob', role: 'viewer', password: 'short' }, /shorter than 12/],
    ['a bad name', { name: 'b o b', role: 'viewer', password: PASSWORD }, /names are 1-64/],
    ['a bad team', { name: 'bob', role: 'viewer', teams: ['a b'], password: PASSWORD }, /not a team name/],
    ['an unknown role', { name: 'bob', role: 'root', password: PASSWORD }, /role/],
    [
      'an unknown field',
      { name: 'bob', role: 'viewer', password: PASSWORD, admin: true },
      /admin|Unrecognized/,
    ],
    ['a taken name', { name: 'alice', role: 'viewer', password: PASSWORD }, /it exists/],
  ];
  for (const [what, payload, message] of refusals) {
    it(`refuses ${what} with a 400`, async () => {
      const res = await admin('POST', '/api/users', payload);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json<{ error: string }>().error, message);
    });
  }

  it('changes role and teams at once for open sessions', async () => {
    const cookie = await login('alice');
    const res = await admin('PUT', '/api/users/alice', { role: 'viewer', teams: ['alpha'] });
    assert.equal(res.statusCode, 200, res.body);
    const me = await call(cookie, 'GET', '/api/auth/me');
    assert.deepEqual(me.json(), { user: { name: 'alice', role: 'viewer', teams: ['alpha'] } });
    assert.equal((await admin('PUT', '/api/users/nobody', { role: 'viewer' })).statusCode, 400);
  });

  it('keeps the last admin', async () => {
    const res = await admin('PUT', '/api/users/admin', { role: 'viewer' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /last admin/);
    assert.match((await admin('DELETE', '/api/users/admin')).body, /yourself/);
  });

  it('resets a password: the old one and every session of the user stop working', async () => {
    const cookie = await login('alice');
    const res = await admin('PUT', '/api/users/alice/password', { password: 'a brand new password' });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json<{ sessionsEnded: number }>().sessionsEnded >= 1);
    assert.equal((await call(cookie, 'GET', '/api/auth/me')).statusCode, 401);
    const old = await n.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'alice', password: PASSWORD },
    });
    assert.equal(old.statusCode, 401);
    await login('alice', 'a brand new password');
  });

  it('removes a user with its sessions and API tokens, so a namesake inherits nothing', async () => {
    const cookie = await login('alice', 'a brand new password');
    const t = await call(cookie, 'POST', '/api/account/tokens', { name: 'alice-ci', role: 'viewer' });
    assert.equal(t.statusCode, 201, t.body);
    const token = t.json<{ token: string }>().token;
    assert.equal((await admin('DELETE', '/api/users/alice')).statusCode, 204);
    await admin('POST', '/api/users', { name: 'alice', role: 'admin', password: PASSWORD });
    assert.equal((await call(cookie, 'GET', '/api/auth/me')).statusCode, 401, 'the old session is gone');
    const byToken = await n.app.inject({
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(byToken.statusCode, 401, 'the old token is gone');
    await admin('DELETE', '/api/users/alice');
  });

  it('derives teams from users and harvester labels, with members and counts', async () => {
    await admin('POST', '/api/users', {
      name: 'carol',
      role: 'viewer',
      teams: ['alpha', 'delta'],
      password: PASSWORD,
    });
    await admin('POST', '/api/users', { name: 'noc', role: 'viewer', teams: ['*'], password: PASSWORD });
    const res = await admin('GET', '/api/teams');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      teams: [
        { name: '<img src=x onerror=alert(1)>', members: [], harvesters: 1, online: 0 },
        { name: 'alpha', members: [{ name: 'carol', role: 'viewer' }], harvesters: 2, online: 0 },
        { name: 'delta', members: [{ name: 'carol', role: 'viewer' }], harvesters: 0, online: 0 },
      ],
      allTeams: [
        { name: 'admin', role: 'admin' },
        { name: 'noc', role: 'viewer' },
      ],
      unassigned: { harvesters: 1, online: 0 },
    });
  });

  it('refuses every user and team call to non-admins with a 403', async () => {
    const viewer = await login('carol');
    await admin('POST', '/api/users', {
      name: 'oscar',
      role: 'operator',
      teams: ['alpha'],
      password: PASSWORD,
    });
    const operator = await login('oscar');
    for (const cookie of [viewer, operator]) {
      for (const [method, url, payload] of [
        ['GET', '/api/users'],
        ['POST', '/api/users', { name: 'x', role: 'admin', password: PASSWORD }],
        ['PUT', '/api/users/carol', { role: 'admin' }],
        ['PUT', '/api/users/carol/password', { password: PASSWORD }],
        ['DELETE', '/api/users/carol'],
        ['GET', '/api/teams'],
      ] as const) {
        const res = await call(cookie, method, url, payload);
        assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
        assert.match(res.body, /the admin role is required/);
      }
    }
    assert.equal(n.deps.users.get('carol')?.role, 'viewer');
  });
});

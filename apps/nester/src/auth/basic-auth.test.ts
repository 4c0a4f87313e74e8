import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BasicAuthVerifier, parseBasic } from './basic-auth.js';
import type { PasswordChecker } from './basic-auth.js';
import type { UserRecord } from './users.js';

const NOW = 1_700_000_000_000;
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A user store whose password checks are counted and take a little while, as argon2id does. */
function fakeUsers(): PasswordChecker & { checks: number; users: Map<string, UserRecord> } {
  const users = new Map<string, UserRecord>([
    ['grafana', { name: 'grafana', role: 'viewer', passwordHash: 'pw-grafana', createdAt: 0, teams: [] }],
    ['ops', { name: 'ops', role: 'operator', passwordHash: 'pw-ops', createdAt: 0, teams: [] }],
  ]);
  const fake = {
    checks: 0,
    users,
    get: (name: string) => users.get(name),
    verify: async (name: string, password: string) => {
      fake.checks++;
      await new Promise((r) => setTimeout(r, 5));
      const u = users.get(name);
      return u && u.passwordHash === password ? u : undefined;
    },
  };
  return fake;
}

describe('parseBasic', () => {
  const cases: Array<[string, string, { user: string; password: string } | undefined]> = [
    ['a plain pair', basic('admin', 'secret'), { user: 'admin', password: 'secret' }],
    ['a password with colons', basic('admin', 'a:b:c'), { user: 'admin', password: 'a:b:c' }],
    ['an empty password', basic('admin', ''), { user: 'admin', password: '' }],
    ['a lower-case scheme', `basic ${Buffer.from('u:p').toString('base64')}`, { user: 'u', password: 'p' }],
    ['UTF-8', basic('jürgen', 'pässwörd'), { user: 'jürgen', password: 'pässwörd' }],
    ['no colon', `Basic ${Buffer.from('admin').toString('base64')}`, undefined],
    ['an empty user', basic('', 'secret'), undefined],
    ['not base64', 'Basic !!!', undefined],
    ['a bearer token', 'Bearer abc', undefined],
  ];
  for (const [what, header, want] of cases) {
    it(`reads ${what}`, () => assert.deepEqual(parseBasic(header), want));
  }
});

describe('BasicAuthVerifier', () => {
  it('verifies once, then answers from memory until the entry expires', async () => {
    const users = fakeUsers();
    const v = new BasicAuthVerifier(users, { ttlMs: 1000 });
    const h = basic('grafana', 'pw-grafana');
    assert.deepEqual(await v.verify(h, NOW), { name: 'grafana', role: 'viewer', teams: [] });
    assert.deepEqual(await v.verify(h, NOW + 999), { name: 'grafana', role: 'viewer', teams: [] });
    assert.equal(users.checks, 1);
    assert.deepEqual(await v.verify(h, NOW + 1000), { name: 'grafana', role: 'viewer', teams: [] });
    assert.equal(users.checks, 2, 'an expired entry costs a new check');
  });

  it('never remembers a failure', async () => {
    const users = fakeUsers();
    const v = new BasicAuthVerifier(users);
    const wrong = basic('grafana', 'guess');
    assert.equal(await v.verify(wrong, NOW), undefined);
    assert.equal(await v.verify(wrong, NOW), undefined);
    assert.equal(await v.verify(basic('nobody', 'x'), NOW), undefined);
    assert.equal(users.checks, 3);
    assert.equal(v.size, 0);
  });

  it('shares one check among concurrent requests with the same header (a Grafana burst)', async () => {
    const users = fakeUsers();
    const v = new BasicAuthVerifier(users);
    const h = basic('ops', 'pw-ops');
    const answers = await Promise.all(Array.from({ length: 10 }, () => v.verify(h, NOW)));
    assert.ok(answers.every((a) => a?.role === 'operator'));
    assert.equal(users.checks, 1);
  });

  it('keeps at most maxEntries, forgetting the oldest first', async () => {
    const users = fakeUsers();
    const v = new BasicAuthVerifier(users, { maxEntries: 2 });
    // Three different headers for valid users: padding in the base64 makes them distinct.
    const a = basic('grafana', 'pw-grafana');
    const b = basic('ops', 'pw-ops');
    const c = `${basic('grafana', 'pw-grafana')} `;
    for (const h of [a, b, c]) assert.ok(await v.verify(h, NOW));
    assert.equal(v.size, 2);
    const before = users.checks;
    assert.ok(await v.verify(b, NOW));
    assert.equal(users.checks, before, 'b is still remembered');
    assert.ok(await v.verify(a, NOW));
    assert.equal(users.checks, before + 1, 'a was forgotten');
  });

  it('stops answering from memory for a user who no longer exists', async () => {
    const users = fakeUsers();
    const v = new BasicAuthVerifier(users);
    const h = basic('ops', 'pw-ops');
    assert.ok(await v.verify(h, NOW));
    users.users.delete('ops');
    assert.equal(await v.verify(h, NOW), undefined);
  });

  it('stops answering from memory once the password changed', async () => {
    const users = fakeUsers();
    const v = new BasicAuthVerifier(users);
    const h = basic('ops', 'pw-ops');
    assert.ok(await v.verify(h, NOW));
    users.users.set('ops', { ...users.users.get('ops')!, passwordHash: 'pw-new' });
    assert.equal(await v.verify(h, NOW), undefined, 'the old password is refused at once');
    assert.ok(await v.verify(basic('ops', 'pw-new'), NOW));
  });
});

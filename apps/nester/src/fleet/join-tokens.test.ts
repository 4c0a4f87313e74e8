import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { secretMatches } from '../auth/tokens.js';
import { JsonFile } from '../state/json-file.js';
import { parseLabelList } from './join-labels.js';
import {
  ExpiredJoinTokenError,
  JoinTokenRefusedError,
  RevokedJoinTokenError,
  UnknownJoinTokenError,
  UsedUpJoinTokenError,
} from './join-token-errors.js';
import { JoinTokenStore } from './join-tokens.js';

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;

describe('join tokens', () => {
  let dir: string;
  let n = 0;
  const file = (): JsonFile<never> => new JsonFile(join(dir, `join-tokens-${n++}.json`));
  const open = () => JoinTokenStore.open(file());

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-join-tokens-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('creates kubeadm-like tokens with the defaults: 24 h, one use', async () => {
    const store = await open();
    const { token, info } = await store.create({ createdBy: 'root' }, NOW);
    assert.match(token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    assert.equal(info.id, token.slice(0, 6));
    assert.deepEqual(
      [info.expiresAt, info.maxUses, info.used, info.revoked, info.state, info.createdBy],
      [NOW + 24 * HOUR, 1, 0, false, 'active', 'root'],
    );
    const granted = await store.consume(token, NOW + 1000);
    assert.deepEqual([granted.used, granted.lastUsedAt, granted.state], [1, NOW + 1000, 'used_up']);
    await assert.rejects(store.consume(token, NOW + 2000), UsedUpJoinTokenError);
  });

  it('honours ttl: refused from the expiry on; 0 never expires', async () => {
    const store = await open();
    const short = await store.create({ createdBy: 'a', ttlMs: HOUR, maxUses: 0 }, NOW);
    assert.equal(store.check(short.token, NOW + HOUR - 1).state, 'active');
    assert.throws(() => store.check(short.token, NOW + HOUR), ExpiredJoinTokenError);
    const forever = await store.create({ createdBy: 'a', ttlMs: 0 }, NOW);
    assert.equal(forever.info.expiresAt, null);
    assert.equal(store.check(forever.token, NOW + 100 * 365 * 24 * HOUR).state, 'active');
  });

  it('honours uses: N joins, then refused; 0 is unlimited', async () => {
    const store = await open();
    const three = await store.create({ createdBy: 'a', maxUses: 3 }, NOW);
    for (let i = 0; i < 3; i++) await store.consume(three.token, NOW);
    await assert.rejects(store.consume(three.token, NOW), UsedUpJoinTokenError);
    await store.release(three.info.id);
    assert.equal((await store.consume(three.token, NOW)).used, 3, 'a released use can be spent again');
    const unlimited = await store.create({ createdBy: 'a', maxUses: 0 }, NOW);
    for (let i = 0; i < 50; i++) await store.consume(unlimited.token, NOW);
    assert.equal(store.check(unlimited.token, NOW).used, 50);
  });

  it('spends the last use once when two joins race for it', async () => {
    const store = await open();
    const { token } = await store.create({ createdBy: 'a' }, NOW);
    const results = await Promise.allSettled([store.consume(token, NOW), store.consume(token, NOW)]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  });

  it('revokes: the token is refused and listed as revoked; unknown ids are false', async () => {
    const store = await open();
    const { token, info } = await store.create({ createdBy: 'a' }, NOW);
    assert.equal(await store.revoke(info.id), true);
    assert.equal(await store.revoke('zzzzzz'), false);
    assert.throws(() => store.check(token, NOW), RevokedJoinTokenError);
    assert.equal(store.list(NOW)[0]!.state, 'revoked');
  });

  const refusals: Array<[string, (t: string) => string, new (...a: never[]) => JoinTokenRefusedError]> = [
    ['malformed', () => 'not-a-token', UnknownJoinTokenError],
    ['upper case', (t) => t.toUpperCase(), UnknownJoinTokenError],
    ['an unknown id', (t) => `zzzzzz${t.slice(6)}`, UnknownJoinTokenError],
    ['a wrong secret', (t) => `${t.slice(0, 7)}${'0'.repeat(16)}`, UnknownJoinTokenError],
  ];
  for (const [what, mangle, type] of refusals) {
    it(`refuses ${what} as unknown, with a typed error and no secret in the message`, async () => {
      const store = await open();
      const { token } = await store.create({ createdBy: 'a' }, NOW);
      const bad = mangle(token);
      assert.throws(
        () => store.check(bad, NOW),
        (err: unknown) =>
          err instanceof type && err.reason === 'unknown' && !err.message.includes(token.slice(7)),
      );
    });
  }

  it('compares the secret on every path, against a dummy hash for an unknown id', async () => {
    const compared: string[] = [];
    const store = await JoinTokenStore.open(file(), {
      matches: (secret, hash) => {
        compared.push(hash);
        return secretMatches(secret, hash);
      },
    });
    const { token, info } = await store.create({ createdBy: 'a', ttlMs: HOUR }, NOW);
    const wrong = `${token.slice(0, 7)}${'0'.repeat(16)}`;
    const cases: Array<[string, number]> = [
      [`zzzzzz.${'0'.repeat(16)}`, NOW],
      [wrong, NOW],
      [token, NOW + 2 * HOUR], // expired: the state is only looked at once the secret matched
    ];
    for (const [t, at] of cases) assert.throws(() => store.check(t, at), JoinTokenRefusedError);
    assert.equal(compared.length, 3);
    assert.equal(new Set(compared).size, 2, 'the unknown id was compared against a dummy hash');
    assert.throws(
      () => store.check(wrong, NOW + 2 * HOUR),
      UnknownJoinTokenError,
      'no state for a wrong secret',
    );
    assert.equal(store.list(NOW)[0]!.id, info.id);
  });

  it('persists hashed, with mode 0600, and reloads tokens, uses and revocations', async () => {
    const path = join(dir, 'persist.json');
    const store = await JoinTokenStore.open(new JsonFile(path));
    const a = await store.create(
      { createdBy: 'ops', labels: parseLabelList('team=a,site=b'), description: 'rack 4', maxUses: 2 },
      NOW,
    );
    const b = await store.create({ createdBy: 'ops' }, NOW + 1);
    await store.consume(a.token, NOW);
    await store.revoke(b.info.id);
    const text = await readFile(path, 'utf8');
    assert.ok(!text.includes(a.token.slice(7)) && !text.includes(b.token.slice(7)), 'no secret on disk');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const again = await JoinTokenStore.open(new JsonFile(path));
    const listed = again.list(NOW);
    assert.deepEqual(
      listed.map((t) => [t.id, t.state, t.used, t.description]),
      [
        [b.info.id, 'revoked', 0, ''],
        [a.info.id, 'active', 1, 'rack 4'],
      ],
    );
    assert.deepEqual(listed[1]!.labels, { team: 'a', site: 'b' });
    assert.ok(!JSON.stringify(listed).includes('secretHash'), 'the list holds no hash');
    assert.equal((await again.consume(a.token, NOW)).used, 2);
  });

  const badSpecs: Array<[string, Parameters<JoinTokenStore['create']>[0], RegExp]> = [
    ['a negative ttl', { createdBy: 'a', ttlMs: -1 }, /invalid ttl/],
    ['negative uses', { createdBy: 'a', maxUses: -1 }, /uses must be/],
    ['a reserved label', { createdBy: 'a', labels: { instance: 'x' } }, /reserved/],
    ['a bad label name', { createdBy: 'a', labels: { 'a-b': 'x' } }, /not a label name/],
    ['a long description', { createdBy: 'a', description: 'x'.repeat(257) }, /description longer/],
  ];
  for (const [what, spec, want] of badSpecs) {
    it(`refuses to create a token with ${what}`, async () => {
      const store = await open();
      await assert.rejects(store.create(spec, NOW), want);
    });
  }

  it('parses label lists strictly', () => {
    assert.deepEqual(parseLabelList(''), {});
    assert.deepEqual(parseLabelList(' team = a , site=b '), { team: 'a', site: 'b' });
    assert.throws(() => parseLabelList('team'), /not name=value/);
    assert.throws(() => parseLabelList('team=a,team=b'), /appears twice/);
    assert.throws(() => parseLabelList('team='), /needs a value/);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InvalidInputError } from '@seahawks/model';
import { JsonFile } from '../state/json-file.js';
import { ApiTokenStore, looksLikeApiToken } from './api-tokens.js';
import type { NewApiToken } from './api-tokens.js';

const NOW = 1_700_000_000_000;

describe('ApiTokenStore', () => {
  let dir: string;
  let path: string;
  let store: ApiTokenStore;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-tokens-'));
    path = join(dir, 'api-tokens.json');
    store = await ApiTokenStore.open(new JsonFile(path));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const spec = (over: Partial<NewApiToken>): NewApiToken => ({
    name: 'grafana',
    role: 'viewer',
    creator: 'admin',
    creatorRole: 'admin',
    ...over,
  });

  it('creates a token shown once, keeps only its hash, and authenticates it', async () => {
    const { token, info } = await store.create(spec({ name: 'grafana' }), NOW);
    assert.match(token, /^sht_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.ok(looksLikeApiToken(token));
    assert.deepEqual(info, {
      id: info.id,
      name: 'grafana',
      role: 'viewer',
      creator: 'admin',
      createdAt: NOW,
      expiresAt: null,
      lastUsed: null,
    });
    const onDisk = await readFile(path, 'utf8');
    assert.ok(!onDisk.includes(token.slice(17)), 'the secret is not stored');
    assert.equal(store.authenticate(token, NOW + 5)?.lastUsed, NOW + 5);
  });

  const refused: Array<[string, string]> = [
    ['a well-formed token of no record', `sht_${'0'.repeat(12)}_${'A'.repeat(43)}`],
    ['a harvester credential', `shc_${'0'.repeat(12)}_${'A'.repeat(43)}`],
    ['garbage', 'sht_'],
  ];
  for (const [what, token] of refused) {
    it(`refuses ${what}`, () => assert.equal(store.authenticate(token, NOW), undefined));
  }

  it('refuses a token whose secret differs in one character', async () => {
    const { token } = await store.create(spec({ name: 'one-char' }), NOW);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    assert.equal(store.authenticate(token.slice(0, -1) + last, NOW), undefined);
  });

  it('expires a token at createdAt + ttl', async () => {
    const { token } = await store.create(spec({ name: 'short', ttlMs: 60_000 }), NOW);
    assert.ok(store.authenticate(token, NOW + 59_999));
    assert.equal(store.authenticate(token, NOW + 60_000), undefined);
  });

  it('revokes at once, and says when there was nothing to revoke', async () => {
    const { token, info } = await store.create(spec({ name: 'revoked' }), NOW);
    assert.equal(await store.revoke(info.id), true);
    assert.equal(store.authenticate(token, NOW), undefined);
    assert.equal(await store.revoke(info.id), false);
  });

  const invalid: Array<[string, Partial<NewApiToken>, RegExp]> = [
    ['an empty name', { name: '' }, /names are 1-64/],
    ['a name with a slash', { name: 'a/b' }, /names are 1-64/],
    ['a taken name', { name: 'grafana' }, /the name is taken/],
    [
      'a role above the creator',
      { name: 'escalate', role: 'admin', creatorRole: 'operator' },
      /role admin is above the creator's role operator/,
    ],
    ['a negative ttl', { name: 'negative', ttlMs: -1 }, /invalid ttl -1 ms/],
  ];
  for (const [what, over, want] of invalid) {
    it(`refuses to create a token with ${what}`, async () => {
      await assert.rejects(
        store.create(spec(over), NOW),
        (err: unknown) => err instanceof InvalidInputError && want.test(err.message),
      );
    });
  }

  it('lists newest first without secrets, and survives a reopen with lastUsed flushed', async () => {
    const { token, info } = await store.create(spec({ name: 'persisted', role: 'operator' }), NOW + 10);
    store.authenticate(token, NOW + 20);
    await store.flush();
    const listed = store.list();
    assert.equal(listed[0]!.id, info.id);
    assert.ok(listed.every((t) => !('secretHash' in t)));
    const reopened = await ApiTokenStore.open(new JsonFile(path));
    assert.deepEqual(reopened.list(), listed);
    assert.equal(reopened.authenticate(token, NOW + 30)?.role, 'operator');
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { FailureRateLimiter } from '../fleet/join-rate-limit.js';
import { JoinTokenStore } from '../fleet/join-tokens.js';
import { FleetRegistry } from '../fleet/registry.js';
import { JsonFile } from '../state/json-file.js';
import { rateKey, registerJoinRoutes } from './join-routes.js';

const NOW = 1_700_000_000_000;

describe('POST /tunnel/v1/join', () => {
  let dir: string;
  let app: FastifyInstance;
  let tokens: JoinTokenStore;
  let fleet: FleetRegistry;
  let logs: Array<Record<string, unknown>>;
  let now = NOW;
  let run = 0;

  const join_ = (payload: unknown, remoteAddress = '192.0.2.1') =>
    app.inject({ method: 'POST', url: '/tunnel/v1/join', payload: payload as object, remoteAddress });
  const newToken = async (spec: Partial<Parameters<JoinTokenStore['create']>[0]> = {}) =>
    (await tokens.create({ createdBy: 'test', ...spec }, now)).token;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-join-routes-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    await app?.close();
    now = NOW;
    logs = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger: FastifyBaseLogger = pino({ level: 'info' }, sink);
    run++;
    tokens = await JoinTokenStore.open(new JsonFile(join(dir, `tokens-${run}.json`)));
    fleet = await FleetRegistry.open(new JsonFile(join(dir, `fleet-${run}.json`)));
    app = Fastify({ loggerInstance: logger });
    registerJoinRoutes(app, {
      joinTokens: tokens,
      fleet,
      clock: () => now,
      logger,
      joinRateLimiter: new FailureRateLimiter({ maxFailures: 10, windowMs: 60_000, maxKeys: 100 }),
    });
  });

  it('trades a token for a credential that authenticates, with the inventory stored', async () => {
    const token = await newToken();
    const res = await join_({
      token,
      name: 'pi-4',
      inventory: { os: 'Debian 12', arch: 'arm64', version: '0.1.0' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{ name: string; credential: string; labels: Record<string, string> }>();
    assert.equal(body.name, 'pi-4');
    assert.deepEqual(body.labels, {});
    const h = fleet.authenticate(body.credential);
    assert.equal(h?.name, 'pi-4');
    assert.deepEqual([h.inventory.os, h.inventory.arch], ['Debian 12', 'arm64']);
    assert.equal(tokens.list(now)[0]!.used, 1);
    assert.ok(logs.some((l) => l.msg === 'harvester joined' && l.token === token.slice(0, 6)));
    assert.ok(!JSON.stringify(logs).includes(token.slice(7)), 'the secret is never logged');
  });

  it("lets the token's labels win over the harvester's own", async () => {
    const token = await newToken({ labels: { team: 'ops', site: 'lyon' } });
    const res = await join_({ token, name: 'web-1', labels: { team: 'dev', rack: 'r4' } });
    assert.equal(res.statusCode, 200, res.body);
    const want = { team: 'ops', site: 'lyon', rack: 'r4' };
    assert.deepEqual(res.json<{ labels: unknown }>().labels, want);
    assert.deepEqual(fleet.byName('web-1')?.labels, want);
  });

  const refused: Array<[string, () => Promise<string>, string]> = [
    ['an unknown token', () => Promise.resolve('abcdef.0123456789abcdef'), 'unknown'],
    ['a wrong secret', async () => `${(await newToken()).slice(0, 7)}${'0'.repeat(16)}`, 'unknown'],
    ['an expired token', async () => newToken({ ttlMs: 1000 }).then((t) => ((now += 1000), t)), 'expired'],
    [
      'a used-up token',
      async () => {
        const t = await newToken();
        await tokens.consume(t, now);
        return t;
      },
      'used_up',
    ],
    [
      'a revoked token',
      async () => {
        const t = await newToken();
        await tokens.revoke(t.slice(0, 6));
        return t;
      },
      'revoked',
    ],
  ];
  for (const [what, make, reason] of refused) {
    it(`answers ${what} with the same 401 and logs the reason (${reason})`, async () => {
      const res = await join_({ token: await make(), name: 'x1' });
      assert.equal(res.statusCode, 401, res.body);
      assert.match(
        res.json<{ error: string }>().error,
        /^cannot join: the join token is invalid, expired, used up or revoked/,
      );
      assert.ok(
        logs.some((l) => l.reason === reason && l.ip === '192.0.2.1'),
        JSON.stringify(logs),
      );
      assert.equal(fleet.byName('x1'), undefined);
    });
  }

  it('answers 409 for a name already enrolled, without spending a use', async () => {
    await fleet.enroll('taken', {}, now);
    const token = await newToken();
    const res = await join_({ token, name: 'taken' });
    assert.equal(res.statusCode, 409, res.body);
    assert.match(
      res.json<{ error: string }>().error,
      /cannot join as "taken": a harvester of that name is already enrolled/,
    );
    assert.equal(tokens.list(now)[0]!.used, 0);
    await fleet.revoke('taken', now);
    assert.equal((await join_({ token, name: 'taken' })).statusCode, 200, 'a revoked name may join again');
  });

  it('does not tell whether a name exists to someone without a valid token', async () => {
    await fleet.enroll('secret-host', {}, now);
    assert.equal((await join_({ token: 'abcdef.0123456789abcdef', name: 'secret-host' })).statusCode, 401);
  });

  const badBodies: Array<[string, unknown, RegExp]> = [
    ['no token', { name: 'a' }, /token/],
    ['a bad name', { token: 'abcdef.0123456789abcdef', name: '../etc' }, /name/],
    [
      'an unknown field',
      { token: 'abcdef.0123456789abcdef', name: 'a', admin: true },
      /Unrecognized key|unrecognized/i,
    ],
    [
      'a reserved label',
      { token: 'abcdef.0123456789abcdef', name: 'a', labels: { instance: 'b' } },
      /reserved/,
    ],
    ['too many labels', { token: 'abcdef.0123456789abcdef', name: 'a', labels: manyLabels(33) }, /exceed 32/],
    [
      'an oversized inventory field',
      { token: 'abcdef.0123456789abcdef', name: 'a', inventory: { os: 'x'.repeat(300) } },
      /inventory\.os/,
    ],
  ];
  for (const [what, body, want] of badBodies) {
    it(`answers 400 for ${what}`, async () => {
      const res = await join_(body);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json<{ error: string }>().error, want);
    });
  }

  it('refuses a body over 64 KiB', async () => {
    const res = await join_({ token: 'abcdef.0123456789abcdef', name: 'a', pad: 'x'.repeat(70_000) });
    assert.equal(res.statusCode, 413);
  });

  it('limits failed attempts per source address to 10 a minute, then answers 429', async () => {
    const good = await newToken();
    for (let i = 0; i < 10; i++)
      assert.equal((await join_({ token: `abcdef.${'0'.repeat(16)}`, name: 'g' })).statusCode, 401);
    const blocked = await join_({ token: good, name: 'g' });
    assert.equal(blocked.statusCode, 429, 'even a good token waits: the guesser must not learn it');
    assert.equal(blocked.headers['retry-after'], '60');
    assert.equal(
      (await join_({ token: good, name: 'g' }, '192.0.2.2')).statusCode,
      200,
      'other addresses go on',
    );
    now += 60_000;
    assert.equal((await join_({ token: await newToken(), name: 'g2' })).statusCode, 200, 'the window ends');
  });

  it('keys IPv6 addresses by their /64', () => {
    assert.equal(rateKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(rateKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(rateKey('::ffff:192.0.2.1'), '::ffff:192.0.2.1');
    assert.equal(rateKey('192.0.2.1'), '192.0.2.1');
  });
});

function manyLabels(n: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, 'v']));
}

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Matcher } from '@seahawks/model';
import { buildApp } from '../app.js';
import { CSRF_HEADER } from '../auth/authenticate.js';
import { StorageIOError } from '../storage/index.js';
import type { DeleteResult, TimeRange } from '../storage/index.js';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';
import { MAX_TIME, MIN_TIME } from './prom-meta-routes.js';

// The admin API's HTTP side: who may call it, how parameters are read, what is answered. The
// storage behind it is a recorder here; test/postgres/admin-delete-series.test.ts deletes for real.

const NOW = 1_700_000_000_000;
const DELETE = '/api/v1/admin/tsdb/delete_series';
const CLEAN = '/api/v1/admin/tsdb/clean_tombstones';
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface Call {
  readonly matchers: readonly Matcher[];
  readonly range: TimeRange;
}

describe('admin API: delete_series and clean_tombstones', () => {
  let n: TestNester;
  let app: FastifyInstance;
  const calls: Call[] = [];
  const logLines: Array<Record<string, unknown>> = [];
  let adminToken = '';
  let viewerToken = '';
  let fail: Error | undefined;
  let cleaned = 0;

  before(async () => {
    n = await startTestNester(() => NOW);
    await n.deps.users.create('vera', 'viewer', 'viewer password!', NOW);
    await n.deps.users.create('otto', 'operator', 'operator password!', NOW);
    const token = async (role: string): Promise<string> => {
      const res = await n.app.inject({
        method: 'POST',
        url: '/api/auth/tokens',
        payload: { name: `t-${role}`, role },
        headers: { cookie: n.adminCookie, [CSRF_HEADER]: '1' },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ token: string }>().token;
    };
    adminToken = await token('admin');
    viewerToken = await token('viewer');
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    app = await buildApp({
      ...n.deps,
      logger: pino({ level: 'info' }, sink),
      storageAdmin: {
        deleteSeries: (matchers, range): Promise<DeleteResult> => {
          if (fail !== undefined) return Promise.reject(fail);
          calls.push({ matchers, range });
          return Promise.resolve({ samples: 3, series: 1 });
        },
        cleanTombstones: (): Promise<void> => {
          if (fail !== undefined) return Promise.reject(fail);
          cleaned++;
          return Promise.resolve();
        },
      },
    });
  });
  after(async () => {
    await app.close();
    await n.close();
  });

  const send = (
    url: string,
    opts: { method?: 'POST' | 'PUT' | 'GET'; headers?: Record<string, string>; body?: string } = {},
  ) =>
    app.inject({
      method: opts.method ?? 'POST',
      url,
      headers: { ...FORM, ...(opts.headers ?? { authorization: `Bearer ${adminToken}` }) },
      ...(opts.body === undefined ? {} : { payload: opts.body }),
    });

  it('deletes every match[] selector over the range given, answers 204 and logs who did it', async () => {
    calls.length = 0;
    logLines.length = 0;
    const selector = encodeURIComponent('{__name__=~"node_.*",instance!="h1"}');
    const res = await send(`${DELETE}?match[]=${selector}&start=1700000000`, {
      body: 'end=2023-11-14T22:13:30.5Z',
    });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal(res.body, '');
    assert.deepEqual(calls, [
      {
        matchers: [
          { type: '=~', name: '__name__', value: 'node_.*' },
          { type: '!=', name: 'instance', value: 'h1' },
        ],
        range: { minT: 1_700_000_000_000, maxT: 1_700_000_010_500 },
      },
    ]);
    const audit = logLines.filter((l) => l.audit === 'delete_series');
    assert.equal(audit.length, 1);
    assert.deepEqual(
      [audit[0]!.user, audit[0]!.via, audit[0]!.match, audit[0]!.samples, audit[0]!.series],
      ['admin', 'token', '{__name__=~"node_.*", instance!="h1"}', 3, 1],
    );
  });

  it('takes several match[], PUT as well as POST, and all of time by default', async () => {
    for (const method of ['POST', 'PUT'] as const) {
      calls.length = 0;
      const res = await send(DELETE, { method, body: 'match[]=up&match[]=down{job="x"}' });
      assert.equal(res.statusCode, 204, `${method}: ${res.body}`);
      assert.deepEqual(
        calls.map((c) => [c.matchers.map((m) => m.value), c.range]),
        [
          [['up'], { minT: MIN_TIME, maxT: MAX_TIME }],
          [['down', 'x'], { minT: MIN_TIME, maxT: MAX_TIME }],
        ],
      );
    }
  });

  const BAD: ReadonlyArray<[string, string, RegExp]> = [
    ['no match[]', 'start=1', /^no match\[\] parameter provided$/],
    ['a selector that does not parse', 'match[]=up{', /parse error: unexpected end of input inside braces/],
    ['a selector matching everything', 'match[]={job=~".*"}', /at least one non-empty matcher/],
    ['an expression, not a selector', 'match[]=rate(up[5m])', /is not a series selector/],
    ['a start that is no time', 'match[]=up&start=yesterday', /^invalid parameter "start": /],
    ['an end that is no time', 'match[]=up&end=tomorrow', /^invalid parameter "end": /],
  ];
  for (const [title, body, message] of BAD) {
    it(`answers 400 bad_data for ${title}, deleting nothing`, async () => {
      calls.length = 0;
      const res = await send(DELETE, { body });
      assert.equal(res.statusCode, 400, res.body);
      const json = res.json<{ status: string; errorType: string; error: string }>();
      assert.equal(json.status, 'error');
      assert.equal(json.errorType, 'bad_data');
      assert.match(json.error, message);
      assert.deepEqual(calls, []);
    });
  }

  it('answers the storage failure in the envelope: 503 when the store is unavailable', async () => {
    fail = new StorageIOError('cannot delete series: connection refused');
    try {
      const res = await send(DELETE, { body: 'match[]=up' });
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.json<{ errorType: string }>().errorType, 'unavailable');
    } finally {
      fail = undefined;
    }
  });

  it('cleans tombstones for an admin, answers 204 once the store is done and logs who did it', async () => {
    cleaned = 0;
    logLines.length = 0;
    for (const method of ['POST', 'PUT'] as const) {
      const res = await send(CLEAN, { method });
      assert.equal(res.statusCode, 204, res.body);
    }
    assert.equal(cleaned, 2);
    const audit = logLines.filter((l) => l.audit === 'clean_tombstones');
    assert.deepEqual(
      audit.map((l) => [l.user, l.via]),
      [
        ['admin', 'token'],
        ['admin', 'token'],
      ],
    );
    fail = new StorageIOError('cannot merge blocks into 000009.block: no space left on device');
    try {
      const res = await send(CLEAN);
      assert.equal(res.statusCode, 503, res.body);
      assert.match(res.json<{ error: string }>().error, /no space left on device/);
    } finally {
      fail = undefined;
    }
  });

  const REFUSED: ReadonlyArray<[string, () => Record<string, string>, number, RegExp]> = [
    ['anonymous', () => ({}), 401, /authentication required/],
    ['a viewer', () => basic('vera', 'viewer password!'), 403, /the admin role is required/],
    ['an operator', () => basic('otto', 'operator password!'), 403, /the admin role is required/],
    [
      'an admin token of the viewer role',
      () => ({ authorization: `Bearer ${viewerToken}` }),
      403,
      /admin role/,
    ],
    ['an admin session without the CSRF header', () => ({ cookie: n.adminCookie }), 403, /x-seahawks-csrf/i],
  ];
  for (const [who, headers, status, message] of REFUSED) {
    it(`refuses ${who} (${status}) on both endpoints`, async () => {
      calls.length = 0;
      cleaned = 0;
      for (const url of [DELETE, CLEAN]) {
        const res = await send(url, { headers: headers(), body: 'match[]=up' });
        assert.equal(res.statusCode, status, `${url}: ${res.body}`);
        assert.match(res.json<{ error: string }>().error, message);
        // Refusals by role come in Prometheus' envelope; the app's own checks (401, CSRF) do not.
        if (status === 403 && !who.includes('CSRF'))
          assert.equal(res.json<{ status: string }>().status, 'error');
      }
      assert.deepEqual(calls, []);
      assert.equal(cleaned, 0);
    });
  }

  it('lets an admin session with the CSRF header delete', async () => {
    const res = await send(DELETE, {
      headers: { cookie: n.adminCookie, [CSRF_HEADER]: '1' },
      body: 'match[]=up',
    });
    assert.equal(res.statusCode, 204, res.body);
  });
});

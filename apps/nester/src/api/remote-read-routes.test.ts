import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvalidInputError, isStaleNaN, labelsFromRecord, labelsToRecord, STALE_NAN } from '@seahawks/model';
import type { Matcher } from '@seahawks/model';
import {
  decodeReadResponse,
  encodeReadRequest,
  READ_RESPONSE_STREAMED_XOR_CHUNKS,
  snappyCompress,
  snappyUncompress,
} from '@seahawks/protocol';
import { startTestNester } from '../testing/test-app.js';
import { answerRemoteRead } from './remote-read-routes.js';
import type { TestNester } from '../testing/test-app.js';

const NOW = 1_700_000_000_000;
const T = (i: number) => NOW - 600_000 + i * 15_000 + 137; // jittered 15 s scrapes over 10 minutes

const eq = (name: string, value: string): Matcher => ({ type: '=', name, value });
const re = (name: string, value: string): Matcher => ({ type: '=~', name, value });

function readBody(queries: Parameters<typeof encodeReadRequest>[0], types: number[] = []): Buffer {
  return Buffer.from(snappyCompress(encodeReadRequest(queries, types)));
}

describe('remote_read endpoint', () => {
  let n: TestNester;
  let viewer: string;
  const read = (body: Buffer, headers: Record<string, string> = {}) =>
    n.app.inject({
      method: 'POST',
      url: '/api/v1/read',
      payload: body,
      headers: {
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
        'x-prometheus-remote-read-version': '0.1.0',
        authorization: `Bearer ${viewer}`,
        ...headers,
      },
    });
  const results = (raw: Buffer) =>
    decodeReadResponse(snappyUncompress(raw, 1 << 26)).results.map((series) =>
      series.map((s) => ({ labels: labelsToRecord(s.labels), samples: s.samples })),
    );

  before(async () => {
    n = await startTestNester(() => NOW);
    viewer = (
      await n.deps.apiTokens.create(
        { name: 'reader', role: 'viewer', creator: 'admin', creatorRole: 'admin' },
        NOW,
      )
    ).token;
    const series = (labels: Record<string, string>, v: (i: number) => number) => ({
      labels: labelsFromRecord(labels),
      samples: Array.from({ length: 40 }, (_, i) => ({ t: T(i), v: v(i) })),
    });
    await n.deps.appender.append([
      series({ __name__: 'rr_gauge', job: 'b', instance: 'h2' }, (i) => i * 0.5),
      series({ __name__: 'rr_gauge', job: 'a', instance: 'h1' }, (i) => 100 - i),
      series({ __name__: 'rr_counter_total', job: 'a', instance: 'h1' }, (i) => i * 10),
      {
        labels: labelsFromRecord({ __name__: 'rr_gone', job: 'a' }),
        samples: [
          { t: T(0), v: 1 },
          { t: T(1), v: STALE_NAN },
        ],
      },
    ]);
  });
  after(() => n.close());

  it('answers samples, sorted by labels, inclusive of both ends, with the protobuf headers', async () => {
    const res = await read(
      readBody([{ startMs: T(10), endMs: T(12), matchers: [eq('__name__', 'rr_gauge')] }]),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/x-protobuf');
    assert.equal(res.headers['content-encoding'], 'snappy');
    assert.deepEqual(results(res.rawPayload), [
      [
        {
          labels: { __name__: 'rr_gauge', instance: 'h1', job: 'a' },
          samples: [10, 11, 12].map((i) => ({ t: T(i), v: 100 - i })),
        },
        {
          labels: { __name__: 'rr_gauge', instance: 'h2', job: 'b' },
          samples: [10, 11, 12].map((i) => ({ t: T(i), v: i * 0.5 })),
        },
      ],
    ]);
  });

  it('answers several queries in order, empty ones included, and keeps staleness markers', async () => {
    const res = await read(
      readBody([
        { startMs: T(0), endMs: T(1), matchers: [re('__name__', 'rr_(gone|counter_total)'), eq('job', 'a')] },
        { startMs: T(0), endMs: T(39), matchers: [eq('__name__', 'no_such_metric')] },
        { startMs: -Number.MAX_SAFE_INTEGER, endMs: Number.MAX_SAFE_INTEGER, matchers: [eq('job', 'b')] },
      ]),
    );
    assert.equal(res.statusCode, 200, res.body);
    const [first, second, third] = results(res.rawPayload);
    assert.deepEqual(
      first!.map((s) => s.labels.__name__),
      ['rr_counter_total', 'rr_gone'],
    );
    assert.ok(isStaleNaN(first![1]!.samples[1]!.v), 'the staleness marker survives bit for bit');
    assert.deepEqual(second, []);
    assert.equal(third![0]!.samples.length, 40);
  });

  it('answers samples to a client that would prefer streamed chunks', async () => {
    const body = readBody(
      [{ startMs: T(0), endMs: T(0), matchers: [eq('__name__', 'rr_gauge')] }],
      [READ_RESPONSE_STREAMED_XOR_CHUNKS],
    );
    const res = await read(body);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/x-protobuf');
    assert.equal(results(res.rawPayload)[0]!.length, 2);
  });

  const refusals: Array<[string, () => Buffer, Record<string, string>, number, RegExp]> = [
    ['an empty body', () => Buffer.alloc(0), {}, 400, /cannot decode remote_read request: empty body/],
    [
      'bad snappy',
      () => Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]),
      {},
      400,
      /cannot decompress snappy block/,
    ],
    [
      'bad protobuf',
      () => Buffer.from(snappyCompress(Uint8Array.from([0x0a, 0x09, 0x08]))),
      {},
      400,
      /cannot decode remote_read protobuf: length 9 exceeds/,
    ],
    ['gzip', () => readBody([]), { 'content-encoding': 'gzip' }, 400, /unsupported Content-Encoding "gzip"/],
    [
      'matchers that select everything',
      () => readBody([{ startMs: 0, endMs: 1, matchers: [eq('job', '')] }]),
      {},
      400,
      /./,
    ],
    [
      'a bad regular expression',
      () => readBody([{ startMs: 0, endMs: 1, matchers: [re('job', '(')] }]),
      {},
      400,
      /cannot parse regular expression "\("/,
    ],
    ['no credentials', () => readBody([]), { authorization: '' }, 401, /authentication required/],
  ];
  for (const [what, body, headers, status, want] of refusals) {
    it(`refuses ${what} with ${status}`, async () => {
      const res = await read(body(), headers);
      assert.equal(res.statusCode, status, res.body);
      assert.match(res.body, want);
    });
  }

  it('refuses more samples than the limit with InvalidInputError, in Prometheus words', async () => {
    const body = readBody([{ startMs: T(0), endMs: T(1), matchers: [eq('__name__', 'rr_gauge')] }]);
    const limits = (maxSamples: number) => ({ maxSamples });
    assert.ok(await answerRemoteRead(body, 'snappy', n.deps.querier, limits(4)), 'exactly at the limit');
    await assert.rejects(
      answerRemoteRead(body, 'snappy', n.deps.querier, limits(3)),
      (err: unknown) => err instanceof InvalidInputError && err.message === 'exceeded sample limit (3)',
    );
  });

  it('lets a harvester credential write but not read', async () => {
    const credential = await n.deps.fleet.enroll('reader-host', {}, NOW);
    const res = await read(readBody([]), { authorization: `Bearer ${credential}` });
    assert.equal(res.statusCode, 403);
  });
});

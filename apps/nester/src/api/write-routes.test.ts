import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { labelsFromRecord, STALE_NAN } from '@seahawks/model';
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

const NOW = 1_700_000_000_000;

function writeBody(
  series: Array<{ labels: Record<string, string>; samples: Array<{ t: number; v: number }> }>,
): Buffer {
  return Buffer.from(
    snappyCompress(
      encodeWriteRequest(series.map((s) => ({ labels: labelsFromRecord(s.labels), samples: s.samples }))),
    ),
  );
}

/** Writes raw label pairs in wire order (possibly unsorted or duplicated), bypassing normalisation. */
function rawBody(pairs: Array<[string, string]>, t = NOW): Buffer {
  return Buffer.from(
    snappyCompress(
      encodeWriteRequest([
        { labels: pairs.map(([name, value]) => ({ name, value })), samples: [{ t, v: 1 }] },
      ]),
    ),
  );
}

function hugeTimestampRequest(): Uint8Array {
  const field = (tag: number, bytes: number[]): number[] => [tag, bytes.length, ...bytes];
  const text = (s: string): number[] => [...Buffer.from(s)];
  const label = [...field(0x0a, text('__name__')), ...field(0x12, text('up'))];
  const one = [...Buffer.from(new Float64Array([1]).buffer)];
  const varint2to60 = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10];
  const sample = [0x09, ...one, 0x10, ...varint2to60];
  const series = [...field(0x0a, label), ...field(0x12, sample)];
  return Uint8Array.from(field(0x0a, series));
}

describe('remote_write endpoint', () => {
  let n: TestNester;
  let credential: string;
  const post = (body: Buffer, headers: Record<string, string> = {}, app = n.agentApp) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/write',
      payload: body,
      headers: {
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
        authorization: `Bearer ${credential}`,
        ...headers,
      },
    });

  before(async () => {
    n = await startTestNester(() => NOW);
    credential = await n.deps.fleet.enroll('web-01', { team: 'a' }, NOW);
  });
  after(() => n.close());

  it('acknowledges a valid write with 204 and pins the series to the harvester', async () => {
    const res = await post(
      writeBody([{ labels: { __name__: 'node_load1', job: 'node' }, samples: [{ t: NOW, v: 0.5 }] }]),
    );
    assert.equal(res.statusCode, 204, res.body);
    const q = await n.app.inject({
      url: `/api/v1/query?query=node_load1&time=${NOW / 1000}`,
      headers: { cookie: n.adminCookie },
    });
    const body = q.json<{
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    }>();
    assert.deepEqual(body.data.result, [
      {
        metric: { __name__: 'node_load1', instance: 'web-01', job: 'node', team: 'a' },
        value: [NOW / 1000, '0.5'],
      },
    ]);
  });

  it('sets the team label from the registry, whatever the harvester claims', async () => {
    const res = await post(
      writeBody([{ labels: { __name__: 'node_load5', team: 'b' }, samples: [{ t: NOW, v: 2 }] }]),
    );
    assert.equal(res.statusCode, 204, res.body);
    const q = await n.app.inject({
      url: `/api/v1/query?query=node_load5&time=${NOW / 1000}`,
      headers: { cookie: n.adminCookie },
    });
    const result = q.json<{ data: { result: Array<{ metric: Record<string, string> }> } }>().data.result;
    assert.deepEqual(
      result.map((r) => r.metric),
      [{ __name__: 'node_load5', instance: 'web-01', team: 'a' }],
    );
  });

  it('keeps a staleness marker', async () => {
    const res = await post(
      writeBody([{ labels: { __name__: 'gone', job: 'node' }, samples: [{ t: NOW, v: STALE_NAN }] }]),
    );
    assert.equal(res.statusCode, 204, res.body);
  });

  const garbage: Array<[string, Buffer, Record<string, string>, RegExp]> = [
    [
      'bad snappy',
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]),
      {},
      /cannot decompress snappy block/,
    ],
    [
      'bad protobuf',
      Buffer.from(snappyCompress(Uint8Array.from([0x0a, 0x50, 0x01]))),
      {},
      /cannot decode remote_write protobuf/,
    ],
    [
      'unsorted labels',
      rawBody([
        ['job', 'x'],
        ['__name__', 'up'],
      ]),
      {},
      /labels not sorted: "job" before "__name__"/,
    ],
    [
      'duplicate labels',
      rawBody([
        ['__name__', 'up'],
        ['a', '1'],
        ['a', '2'],
      ]),
      {},
      /duplicate label name "a"/,
    ],
    ['no metric name', rawBody([['job', 'x']]), {}, /without a metric name/],
    ['empty body', Buffer.alloc(0), {}, /empty body/],
    [
      'wrong encoding',
      rawBody([['__name__', 'up']]),
      { 'content-encoding': 'gzip' },
      /unsupported Content-Encoding "gzip"/,
    ],
  ];
  for (const [what, body, headers, want] of garbage) {
    it(`refuses ${what} with 400 and a precise message`, async () => {
      const res = await post(body, headers);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.body, want);
    });
  }

  it('refuses a timestamp that is not a number of milliseconds JavaScript can hold with 400', async () => {
    // int64 fields cannot carry NaN on the wire; the nearest garbage is a timestamp of 2^60,
    // hand-encoded because our own encoder refuses to write it.
    const res = await post(Buffer.from(snappyCompress(hugeTimestampRequest())));
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.body, /timestamp/);
  });

  it('refuses an oversized body with 400 and keeps serving', async () => {
    const big = Buffer.alloc(n.deps.config.ingest.maxBodyBytes + 1, 1);
    const res = await post(big);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /larger than the limit/);
    const ok = await post(writeBody([{ labels: { __name__: 'after_big' }, samples: [{ t: NOW, v: 1 }] }]));
    assert.equal(ok.statusCode, 204, ok.body);
  });

  it('refuses a series of another instance with 403', async () => {
    const res = await post(
      writeBody([{ labels: { __name__: 'x', instance: 'db-01' }, samples: [{ t: NOW, v: 1 }] }]),
    );
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /harvester "web-01" cannot write series of instance "db-01"/);
  });

  it('answers 401 to a wrong or revoked credential', async () => {
    const body = writeBody([{ labels: { __name__: 'x' }, samples: [{ t: NOW, v: 1 }] }]);
    const wrong = credential.slice(0, -4) + 'AAAA';
    assert.equal((await post(body, { authorization: `Bearer ${wrong}` })).statusCode, 401);
    assert.equal((await post(body, { authorization: 'Bearer nonsense' })).statusCode, 401);
    assert.equal((await post(body, { authorization: '' })).statusCode, 401);
    assert.equal((await post(body, { authorization: `Bearer ${wrong}` }, n.app)).statusCode, 401);
  });

  it('lets a harvester credential write but not read', async () => {
    const res = await n.app.inject({
      url: '/api/v1/query?query=up',
      headers: { authorization: `Bearer ${credential}` },
    });
    assert.equal(res.statusCode, 403);
  });
});

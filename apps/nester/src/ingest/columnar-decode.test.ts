import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Label, Labels } from '@seahawks/model';
import { InvalidInputError, STALE_NAN } from '@seahawks/model';
import { decodeWriteRequest, encodeWriteRequest, snappyCompress, snappyUncompress } from '@seahawks/protocol';
import type { RemoteWriteSeriesInput } from '@seahawks/protocol';
import type { Appender, AppendResult, ColumnarBatch, SeriesSamples } from '../storage/index.js';
import { decodeRemoteWriteColumns } from './columnar-decode.js';
import { DecodePool } from './decode-pool.js';
import { LabelRunCache } from './label-run-cache.js';
import { ingestRemoteWrite, ingestRemoteWriteColumns } from './remote-write.js';
import { SeriesHandles } from './series-handles.js';
import { ForbiddenSeriesError, validateWriteRequest } from './validate.js';
import type { WriterIdentity } from './validate.js';
import { seededRandom as seeded } from '../tsdb/chunkenc/node-exporter-like.js';

const MAX = 16 * 2 ** 20;

const VALUES = [0, -0, 1.5, Infinity, -Infinity, NaN, STALE_NAN, Number.MAX_VALUE];

/** Mostly valid node_exporter-like series from a small pool (so runs repeat), some broken. */
function randomRequest(random: () => number, n: number): RemoteWriteSeriesInput[] {
  const out: RemoteWriteSeriesInput[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(random() * 40);
    const labels: Label[] = [
      { name: '__name__', value: `node_m${k % 7}` },
      { name: 'cpu', value: String(k) },
    ];
    if (k % 3 === 0) labels.push({ name: 'instance', value: k % 2 === 0 ? 'web-1' : 'db-1' });
    labels.push({ name: 'job', value: 'node' });
    if (k % 5 === 0) labels.push({ name: 'team', value: 'ops' });
    const broken = random();
    if (broken < 0.02) labels.reverse();
    else if (broken < 0.03) labels.push({ name: 'zz', value: 'x'.repeat(70 * 1024) });
    else if (broken < 0.035) labels.push({ name: 'zz', value: `${k}:${'y'.repeat(60 * 1024)}` });
    else if (broken < 0.04) labels.push({ name: 'zz', value: '' });
    else if (broken < 0.05) labels.splice(0, 1);
    const samples = Array.from({ length: Math.floor(random() * 3) }, (_, j) => ({
      t: 1_700_000_000_000 + j * 15_000 + Math.floor(random() * 3) - 1,
      v: VALUES[Math.floor(random() * VALUES.length)]!,
    }));
    out.push({ labels, samples });
  }
  return out;
}

function bits(v: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16);
}

type Outcome =
  | { ok: true; series: { labels: Labels; samples: string[] }[] }
  | { ok: false; forbidden: boolean; message: string };

function failure(err: unknown): Outcome {
  assert.ok(err instanceof InvalidInputError, String(err));
  return { ok: false, forbidden: err instanceof ForbiddenSeriesError, message: err.message };
}

/** What the synchronous path (`ingestRemoteWrite` before the append) makes of a body. */
function viaSync(body: Uint8Array, writer: WriterIdentity | undefined): Outcome {
  try {
    const series = validateWriteRequest(decodeWriteRequest(snappyUncompress(body, MAX)).series, writer);
    return {
      ok: true,
      series: series.map((s) => ({ labels: s.labels, samples: s.samples.map((x) => `${x.t}:${bits(x.v)}`) })),
    };
  } catch (err) {
    return failure(err);
  }
}

function fromBatch(batch: {
  series: readonly { labels: Labels }[];
  offsets: Uint32Array;
  t: Float64Array;
  v: Float64Array;
}): Outcome {
  return {
    ok: true,
    series: batch.series.map((s, i) => {
      const samples: string[] = [];
      for (let j = batch.offsets[i]!; j < batch.offsets[i + 1]!; j++)
        samples.push(`${batch.t[j]}:${bits(batch.v[j]!)}`);
      return { labels: s.labels, samples };
    }),
  };
}

/** Sample objects in columns, to compare what reaches either kind of appender. */
function toColumnsForTest(batch: readonly SeriesSamples[]): ColumnarBatch {
  const offsets = new Uint32Array(batch.length + 1);
  const all = batch.flatMap((s) => s.samples);
  batch.forEach((s, i) => (offsets[i + 1] = offsets[i]! + s.samples.length));
  return {
    series: batch.map((s) => ({ labels: s.labels, engineRef: undefined })),
    offsets,
    t: Float64Array.from(all, (x) => x.t),
    v: Float64Array.from(all, (x) => x.v),
  };
}

const WRITERS: (WriterIdentity | undefined)[] = [
  undefined,
  { instance: 'web-1', team: 'ops' },
  { instance: 'web-1', team: undefined },
  { instance: 'db-1', team: 'dev' },
];

describe('remote_write decoding in columns', () => {
  it('gives what the synchronous path gives, request after request (label runs remembered)', () => {
    const random = seeded(3);
    const cache = new LabelRunCache();
    const handles = new SeriesHandles();
    let hits = 0;
    let rejected = 0;
    for (let i = 0; i < 1500; i++) {
      const writer = WRITERS[i % WRITERS.length];
      const body = snappyCompress(encodeWriteRequest(randomRequest(random, Math.floor(random() * 12))));
      const expected = viaSync(body, writer);
      let actual: Outcome;
      try {
        const msg = decodeRemoteWriteColumns(body, 'snappy', MAX, writer, cache);
        hits += msg.refs.filter((r, k) => r >= 0 && msg.isNew[k] === 0).length;
        actual = fromBatch(handles.resolve(msg));
      } catch (err) {
        actual = failure(err);
      }
      if (!expected.ok) rejected++;
      assert.deepEqual(actual, expected, `request ${i}`);
    }
    assert.ok(hits > 1000 && rejected > 100, `${hits} hits, ${rejected} rejected`);
  });

  it('refuses bad envelopes and bodies with the synchronous messages', () => {
    const cache = new LabelRunCache();
    const refused = (body: Uint8Array, encoding?: string): string => {
      try {
        decodeRemoteWriteColumns(body, encoding, MAX, undefined, cache);
      } catch (err) {
        assert.ok(err instanceof InvalidInputError);
        return err.message;
      }
      return assert.fail('accepted');
    };
    assert.equal(refused(new Uint8Array(0)), 'cannot decode remote_write request: empty body');
    assert.equal(
      refused(Uint8Array.of(1), 'gzip'),
      'cannot decode remote_write request: unsupported Content-Encoding "gzip" (want snappy)',
    );
    assert.match(
      refused(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x0f)),
      /^cannot decompress snappy block/,
    );
    assert.match(
      refused(snappyCompress(Uint8Array.of(0x0a, 0x05, 0x0a))),
      /^cannot decode remote_write protobuf/,
    );
  });

  it('starts over past its bounds, and the handles follow', () => {
    const cache = new LabelRunCache({ maxEntries: 3, maxBytes: 1 << 20 });
    const handles = new SeriesHandles();
    const random = seeded(9);
    for (let i = 0; i < 50; i++) {
      const body = snappyCompress(encodeWriteRequest(randomRequest(random, 4)));
      const expected = viaSync(body, undefined);
      let actual: Outcome;
      try {
        actual = fromBatch(handles.resolve(decodeRemoteWriteColumns(body, undefined, MAX, undefined, cache)));
      } catch (err) {
        actual = failure(err);
      }
      assert.deepEqual(actual, expected, `request ${i}`);
    }
    assert.ok(cache.epoch > 3);
  });

  describe('on decoder threads', () => {
    const pool = new DecodePool(2);
    after(() => pool.close());

    it('gives what the synchronous path gives, errors and their classes included', async () => {
      const random = seeded(5);
      for (let i = 0; i < 300; i++) {
        const writer = WRITERS[i % WRITERS.length];
        const body = snappyCompress(encodeWriteRequest(randomRequest(random, Math.floor(random() * 12))));
        const expected = viaSync(body, writer);
        // A Buffer slice of a larger buffer is copied, a whole one moved: both must work.
        const sent = i % 2 === 0 ? Buffer.concat([Buffer.alloc(3), body]).subarray(3) : body.slice();
        const actual = await pool.decode(sent, 'snappy', MAX, writer).then(fromBatch, failure);
        assert.deepEqual(actual, expected, `request ${i}`);
      }
    });

    it('ingests what ingestRemoteWrite ingests, with and without appendColumns', async () => {
      const seen: Outcome[] = [];
      const result: AppendResult = { accepted: 1, rejected: {}, firstError: undefined };
      const plain: Appender = {
        append: (batch: readonly SeriesSamples[]) => {
          seen.push(fromBatch(toColumnsForTest(batch)));
          return Promise.resolve(result);
        },
      };
      const columnar: Appender = {
        append: () => Promise.reject(new Error('not this one')),
        appendColumns: (batch: ColumnarBatch) => {
          seen.push(fromBatch(batch));
          return Promise.resolve(result);
        },
      };
      const random = seeded(8);
      const limits = { maxDecodedBytes: MAX };
      for (let i = 0; i < 60; i++) {
        const writer = WRITERS[i % WRITERS.length];
        const body = snappyCompress(encodeWriteRequest(randomRequest(random, 1 + Math.floor(random() * 8))));
        seen.length = 0;
        const a = await ingestRemoteWrite(body, 'snappy', plain, limits, writer).catch(failure);
        const b = await ingestRemoteWriteColumns(pool, body.slice(), 'snappy', plain, limits, writer).catch(
          failure,
        );
        const c = await ingestRemoteWriteColumns(
          pool,
          body.slice(),
          'snappy',
          columnar,
          limits,
          writer,
        ).catch(failure);
        assert.deepEqual(b, a, `request ${i}`);
        assert.deepEqual(c, a, `request ${i}`);
        if (seen.length > 0) assert.deepEqual(seen, [seen[0], seen[0], seen[0]], `request ${i}`);
      }
    });

    it('keeps the staleness NaN bit-exact across the thread boundary', async () => {
      const body = snappyCompress(
        encodeWriteRequest([
          { labels: [{ name: '__name__', value: 'up' }], samples: [{ t: 5, v: STALE_NAN }] },
        ]),
      );
      const batch = await pool.decode(body, undefined, MAX, undefined);
      assert.equal(new DataView(batch.v.buffer).getBigUint64(0, true), 0x7ff0000000000002n);
      assert.deepEqual(await pool.decode(new Uint8Array(0), undefined, MAX, undefined).catch(failure), {
        ok: false,
        forbidden: false,
        message: 'cannot decode remote_write request: empty body',
      });
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Labels } from '@seahawks/model';
import { STALE_NAN } from '@seahawks/model';
import type { ColumnarBatch, SeriesHandle, SeriesSamples } from '../../storage/storage.js';
import { applyBatch, applyColumns } from './append.js';
import type { AppliedBatch } from './append.js';
import { Head } from './head.js';
import { seededRandom as seeded } from '../chunkenc/node-exporter-like.js';

const LABEL_SETS: Labels[] = [
  ...Array.from({ length: 30 }, (_, i) => [
    { name: '__name__', value: `m${i % 4}` },
    { name: 'cpu', value: String(i) },
  ]),
  [
    { name: '__name__', value: 'broken' },
    { name: 'a', value: '' },
  ], // empty value: invalid_labels
  [
    { name: 'b', value: '1' },
    { name: 'a', value: '2' },
  ], // unsorted: invalid_labels
];
const VALUES = [0, -0, 1, 2.5, Infinity, -Infinity, NaN, STALE_NAN];

function randomBatch(random: () => number): SeriesSamples[] {
  return Array.from({ length: Math.floor(random() * 8) }, () => ({
    labels: LABEL_SETS[Math.floor(random() * LABEL_SETS.length)]!,
    samples: Array.from({ length: Math.floor(random() * 4) }, () => ({
      t: 1000 + Math.floor(random() * 40) * 10,
      v: VALUES[Math.floor(random() * VALUES.length)]!,
    })),
  }));
}

/** The same batch in columns, with handles kept across batches as the ingest path keeps them. */
function toColumns(batch: SeriesSamples[], handles: Map<Labels, SeriesHandle>): ColumnarBatch {
  const offsets = new Uint32Array(batch.length + 1);
  const n = batch.reduce((a, s) => a + s.samples.length, 0);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  let k = 0;
  const series = batch.map((s, i) => {
    for (const x of s.samples) {
      t[k] = x.t;
      v[k++] = x.v;
    }
    offsets[i + 1] = k;
    let h = handles.get(s.labels);
    if (h === undefined) {
      // A fresh copy of the labels, as the decoder threads hand them over.
      h = { labels: s.labels.map((l) => ({ ...l })), engineRef: undefined };
      handles.set(s.labels, h);
    }
    return h;
  });
  return { series, offsets, t, v };
}

const bytes = (a: AppliedBatch): string => Buffer.concat(a.frames).toString('hex');

describe('applyColumns', () => {
  it('gives the results, messages and WAL bytes of applyBatch, batch after batch', () => {
    const random = seeded(17);
    const objects = new Head();
    const columns = new Head();
    const handles = new Map<Labels, SeriesHandle>();
    for (let i = 0; i < 2000; i++) {
      const batch = randomBatch(random);
      const minValidT = 1000 + Math.floor(random() * 10) * 10;
      const a = applyBatch(objects, batch, minValidT);
      const b = applyColumns(columns, toColumns(batch, handles), minValidT);
      assert.deepEqual(b.result, a.result, `batch ${i}`);
      assert.equal(bytes(b), bytes(a), `batch ${i}`);
      if (i % 500 === 499) {
        // Retention drops series the handles still point to: they must be looked up again.
        const cutoff = 1000 + Math.floor(random() * 40) * 10;
        assert.deepEqual(columns.dropBefore(cutoff), objects.dropBefore(cutoff));
      }
    }
    assert.equal(columns.seriesCount, objects.seriesCount);
    assert.equal(columns.sampleCount, objects.sampleCount);
    for (const s of objects.all()) {
      const twin = columns.find(s.labels);
      assert.ok(twin !== undefined && twin.id === s.id);
    }
  });

  it('refuses inexact timestamps as applyBatch does, changing nothing', () => {
    const batch = [{ labels: LABEL_SETS[0]!, samples: [{ t: 1.5, v: 1 }] }];
    const expected = (() => {
      try {
        applyBatch(new Head(), batch, -Infinity);
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    })();
    const head = new Head();
    assert.throws(() => applyColumns(head, toColumns(batch, new Map()), -Infinity), { message: expected });
    assert.equal(head.seriesCount, 0);
  });
});

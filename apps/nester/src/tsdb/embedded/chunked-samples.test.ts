import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaleNaN, STALE_NAN } from '@seahawks/model';
import type { Sample } from '@seahawks/model';
import { decodeChunk } from '../chunkenc/decode.js';
import { seededRandom } from '../chunkenc/node-exporter-like.js';
import { ChunkedSamples, OUT_OF_ORDER_BATCH } from './chunked-samples.js';
import type { FrozenSamples } from './chunked-samples.js';
import { SampleBuffer } from './sample-buffer.js';
import { snapshotChunk } from './sealed-chunks.js';

const T0 = 1_700_000_000_000;
const view = new DataView(new ArrayBuffer(8));

/** Samples as `t=bits` strings: compares values bit for bit, NaN payloads included. */
function show(samples: readonly Sample[]): string[] {
  return samples.map(({ t, v }) => {
    view.setFloat64(0, v);
    return `${t}=${view.getBigUint64(0).toString(16)}`;
  });
}

/** Rebuilds a series from a snapshot the way a checkpoint load does. */
function restore(frozen: FrozenSamples): ChunkedSamples {
  const s = new ChunkedSamples();
  const readd = (bytes: Uint8Array): void => {
    const d = decodeChunk(bytes);
    for (let i = 0; i < d.count; i++) s.add(d.ts[i]!, d.vs[i]!);
  };
  for (let i = 0; i < frozen.sealed.count; i++) {
    const c = snapshotChunk(frozen.sealed, i);
    if (!s.restoreSealed(c)) readd(c.bytes);
  }
  if (frozen.open !== undefined) readd(frozen.open.bytes);
  const ooo = frozen.outOfOrder;
  for (let i = 0; i < (ooo?.ts.length ?? 0); i++) s.add(ooo!.ts[i]!, ooo!.vs[i]!);
  return s;
}

describe('chunked samples', () => {
  it('behaves like a sorted raw buffer under random in-order, late, duplicate and conflicting adds', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const rnd = seededRandom(seed);
      const model = new SampleBuffer();
      const s = new ChunkedSamples();
      const values = [
        (): number => rnd() * 100,
        () => STALE_NAN,
        () => NaN,
        () => -0,
        () => Math.floor(rnd() * 5),
      ];
      let newest = T0;
      let frozen: { snap: FrozenSamples; want: string[] } | undefined;
      for (let op = 0; op < 6000; op++) {
        const kind = rnd();
        let t: number;
        if (kind < 0.6) t = newest += 1 + Math.floor(rnd() * 30_000);
        else t = newest - Math.floor(rnd() * (seed % 2 === 0 ? 3_600_000 : 40_000_000));
        const existing = model.range(t, t)[0];
        const v = existing !== undefined && rnd() < 0.5 ? existing.v : values[Math.floor(rnd() * 5)]!();
        assert.equal(s.add(t, v), model.add(t, v), `add @${t} (seed ${seed}, op ${op})`);
        if (op % 500 === 499) {
          assert.equal(s.length, model.length);
          assert.deepEqual([s.minT, s.maxT], [model.minT, model.maxT]);
          for (let q = 0; q < 20; q++) {
            const a = model.minT + rnd() * (model.maxT - model.minT + 1);
            const b = a + rnd() * (q < 10 ? 60_000 : 50_000_000);
            assert.deepEqual(show(s.range(a, b)), show(model.range(a, b)), `range [${a}, ${b}]`);
            assert.equal(s.hasSampleIn(a, b), model.hasSampleIn(a, b), `hasSampleIn [${a}, ${b}]`);
          }
        }
        if (op === 3000) frozen = { snap: s.snapshot(), want: show(model.range(-Infinity, Infinity)) };
      }
      assert.deepEqual(show(s.range(-Infinity, Infinity)), show(model.range(-Infinity, Infinity)));
      // The snapshot still reads as it was, whatever merges and seals happened since.
      assert.deepEqual(show(restore(frozen!.snap).range(-Infinity, Infinity)), frozen!.want);
      s.release(frozen!.snap);
      const cutoff = model.minT + (model.maxT - model.minT) / 2;
      s.dropBefore(cutoff);
      model.dropBefore(cutoff);
      assert.deepEqual(show(s.range(-Infinity, Infinity)), show(model.range(-Infinity, Infinity)));
      assert.equal(s.hasSampleIn(-Infinity, cutoff - 1), false);
    }
  });

  it('seals in-order samples into chunks of at least 120 and keeps bits exact', () => {
    const s = new ChunkedSamples();
    for (let i = 0; i < 1200; i++) s.add(T0 + i * 15_000, i % 7 === 0 ? STALE_NAN : i);
    assert.ok(s.sealedChunks >= 2 && s.sealedChunks <= 10, `${s.sealedChunks} chunks`);
    const all = s.range(-Infinity, Infinity);
    assert.equal(all.length, 1200);
    assert.ok(all.every((x, i) => (i % 7 === 0 ? isStaleNaN(x.v) : x.v === i)));
    // Staleness markers between integers defeat XOR; still under raw 16 bytes a sample.
    assert.ok(s.allocatedBytes < 1200 * 16, `${s.allocatedBytes} bytes`);
  });

  it('takes a replay of 6 h of late data while live samples go on, in full chunks', () => {
    const s = new ChunkedSamples();
    const step = 15_000;
    const outage = { from: 1000, to: 2440 };
    for (let i = 0; i < outage.from; i++) s.add(T0 + i * step, i);
    // After the outage, live samples continue, and the harvester replays the gap oldest first,
    // 100 samples per batch between live ones.
    assert.equal(s.add(T0 + outage.to * step, outage.to), 'appended');
    let live = outage.to + 1;
    for (let i = outage.from; i < outage.to; i += 100) {
      for (let k = i; k < Math.min(i + 100, outage.to); k++)
        assert.equal(s.add(T0 + k * step, k), 'inserted');
      assert.equal(s.add(T0 + live * step, live), 'appended');
      live++;
    }
    const all = s.range(-Infinity, Infinity);
    assert.equal(all.length, live);
    assert.ok(all.every((x, i) => x.t === T0 + i * step && x.v === i));
    assert.ok(s.sealedChunks <= Math.ceil(live / 100), `${s.sealedChunks} chunks for ${live} samples`);
    assert.equal(s.add(T0 + 5 * step, 5), 'duplicate');
    assert.equal(s.add(T0 + 1500 * step, 0), 'conflict');
  });

  it(`merges late samples in batches of ${OUT_OF_ORDER_BATCH}, also into the open chunk`, () => {
    const s = new ChunkedSamples();
    for (let i = 0; i < 300; i += 2) s.add(T0 + i, i);
    for (let i = 299; i > 0; i -= 2) s.add(T0 + i, i);
    const all = s.range(-Infinity, Infinity);
    assert.deepEqual(
      all.map((x) => x.t - T0),
      Array.from({ length: 300 }, (_, i) => i),
    );
    assert.ok(s.allocatedBytes < 300 * 16, 'the late samples were merged into chunks');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STALE_NAN } from '@seahawks/model';
import { decodeDense, encodeDense } from './dense-chunk.js';
import { CorruptChunkError } from './errors.js';
import { nodeExporterSeries } from './node-exporter-like.js';
import { XorChunkAppender } from './xor-appender.js';

function roundTrip(ts: number[], vs: number[]): Uint8Array | undefined {
  const bytes = encodeDense(Float64Array.from(ts), Float64Array.from(vs), 0, ts.length);
  if (bytes === undefined) return undefined;
  const back = decodeDense(bytes);
  assert.equal(back.count, ts.length);
  assert.deepEqual(Array.from(back.ts), ts);
  for (let i = 0; i < vs.length; i++)
    assert.ok(Object.is(back.vs[i], vs[i]), `value ${i}: ${back.vs[i]} vs ${vs[i]}`);
  return bytes;
}

function xorSize(ts: number[], vs: number[]): number {
  const a = new XorChunkAppender();
  ts.forEach((t, i) => a.append(t, vs[i]!));
  return a.byteLength;
}

/** Deterministic pseudo-random numbers for the fuzz cases. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('dense chunk encoding', () => {
  it('round-trips decimals bit for bit, in every shape', () => {
    const t0 = 1_700_000_000_123;
    const table: [string, (i: number, r: () => number) => number][] = [
      ['constant', () => 42],
      ['zero', () => 0],
      ['counter, 2 decimals', (i, r) => Math.round((1000 + i * 12.3 + r()) * 100) / 100],
      ['gauge bytes', (_i, r) => Math.round(8e9 + r() * 4e7)],
      ['negative', (i) => -(i + 1) * 0.5],
      ['tiny', (i) => i / 1e9],
      ['large integers', (i) => 2 ** 49 - i * 1e6],
      ['mixed scales', (i) => (i % 3 === 0 ? i / 1000 : i)],
    ];
    for (const [name, f] of table) {
      const r = rng(name.length);
      const ts = Array.from({ length: 300 }, (_, i) => t0 + i * 15_000 + Math.round(r() * 40) - 20);
      const vs = ts.map((_, i) => f(i, r));
      assert.ok(roundTrip(ts, vs) !== undefined, `${name} encodes densely`);
    }
    assert.ok(roundTrip([t0], [3.25]) !== undefined, 'one sample');
    assert.ok(roundTrip([0, 2 ** 51, 2 ** 52], [1, 2, 3]) !== undefined, 'huge gaps');
  });

  it('refuses what it cannot keep exactly: NaN, staleness, ±Inf, -0, long fractions', () => {
    const ts = [1, 2, 3];
    for (const bad of [NaN, STALE_NAN, Infinity, -Infinity, -0, Math.PI, 0.1 + 0.2, 2 ** 52])
      assert.equal(
        encodeDense(Float64Array.from(ts), Float64Array.from([1, bad, 2]), 0, 3),
        undefined,
        String(bad),
      );
  });

  it('is smaller than XOR on node_exporter-like series', () => {
    let dense = 0;
    let xor = 0;
    for (let i = 0; i < 60; i++) {
      const s = nodeExporterSeries(i, 240, 1_700_000_000_000);
      const ts = Array.from(s.ts);
      const vs = Array.from(s.vs);
      xor += xorSize(ts, vs);
      dense += roundTrip(ts, vs)?.length ?? xorSize(ts, vs);
    }
    assert.ok(dense < xor, `dense ${dense} bytes vs XOR ${xor}`);
  });

  it('reports damaged chunks as corrupt, never returns wrong samples', () => {
    const ts = Array.from({ length: 50 }, (_, i) => 1000 + i * 15_000);
    const bytes = roundTrip(
      ts,
      ts.map((_, i) => i * 1.5),
    )!;
    assert.throws(() => decodeDense(bytes.subarray(0, bytes.length - 1)), CorruptChunkError);
    assert.throws(() => decodeDense(Uint8Array.from([...bytes, 0])), CorruptChunkError);
    const r = rng(3);
    for (let k = 0; k < 2000; k++) {
      const junk = Uint8Array.from({ length: 3 + Math.floor(r() * 40) }, () => Math.floor(r() * 256));
      try {
        decodeDense(junk);
      } catch (err) {
        if (!(err instanceof CorruptChunkError || err instanceof RangeError)) throw err;
      }
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDense2, decodeDense2Into, encodeDense2 } from './dense2-chunk.js';
import { decodeOrRefuse as checkDecoded } from './decode-or-refuse.js';
import { floatFromBits } from './float-bits.js';
import { nodeExporterSeries, seededRandom } from './node-exporter-like.js';
import { XorChunkAppender } from './xor-appender.js';

const T0 = 1_700_000_000_123;
const STALE = floatFromBits(0x7ff00000, 2);
const NAN_PAYLOAD = floatFromBits(0xfff12345, 0x6789abcd);

/** Both halves of each value: `Object.is` tells NaNs apart only by sign, not by payload. */
function bitsOf(vs: Float64Array | number[], n: number): number[] {
  const u = new Uint32Array(Float64Array.from(vs.slice(0, n)).buffer);
  return Array.from(u);
}

function roundTrip(ts: number[], vs: number[]): Uint8Array {
  const bytes = encodeDense2(Float64Array.from(ts), Float64Array.from(vs), 0, ts.length);
  assert.ok(bytes !== undefined, 'encodes');
  const back = decodeDense2(bytes);
  assert.equal(back.count, ts.length);
  assert.deepEqual(Array.from(back.ts.subarray(0, ts.length)), ts);
  assert.deepEqual(bitsOf(back.vs, ts.length), bitsOf(vs, vs.length));
  return bytes;
}

function xorSize(ts: number[], vs: number[]): number {
  const a = new XorChunkAppender();
  ts.forEach((t, i) => a.append(t, vs[i]!));
  return a.byteLength;
}

const grid = (n: number, jitter = 0, r = seededRandom(1)): number[] =>
  Array.from({ length: n }, (_, i) => T0 + i * 15_000 + Math.round((r() * 2 - 1) * jitter));

describe('dense2 chunk encoding', () => {
  it('round-trips every shape of value bit for bit', () => {
    const table: [string, (i: number, r: () => number) => number][] = [
      ['constant', () => 42],
      ['zero', () => 0],
      ['counter, 2 decimals', (i, r) => Math.round((1000 + i * 12.3 + r()) * 100) / 100],
      ['gauge bytes', (_i, r) => Math.round(8e9 + r() * 4e7)],
      ['noise around a level', (_i, r) => Math.round(r() * 1e6) / 1e9],
      ['negative', (i) => -(i + 1) * 0.5],
      ['random walk, full precision', (i, r) => 500 + Math.sin(i) * 3 + r()],
      ['crossing zero', (i, r) => (i - 150) * 0.1 + r() * 1e-3],
      ['huge', (i) => 1e308 / (i + 1)],
      ['tiny', (i) => 5e-324 * i],
      ['staleness markers among decimals', (i) => (i % 50 === 49 ? STALE : i / 4)],
      ['specials', (i) => [NaN, Infinity, -Infinity, -0, 0, STALE, NAN_PAYLOAD, 1.5][i % 8]!],
      ['2^53 and beyond', (i) => 2 ** 53 + i * 2 ** 20],
    ];
    for (const [name, f] of table) {
      const r = seededRandom(name.length);
      const vs = Array.from({ length: 300 }, (_, i) => f(i, r));
      for (const ts of [grid(300), grid(300, 20, r)]) {
        try {
          roundTrip(ts, vs);
        } catch (err) {
          throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
        }
      }
    }
  });

  it('round-trips timestamps of every shape', () => {
    const r = seededRandom(9);
    const table: [string, number[]][] = [
      ['one sample', [T0]],
      ['two samples', [T0, T0 + 1]],
      ['regular', grid(480)],
      ['jittered', grid(480, 20, r)],
      [
        'a skipped scrape and a restart',
        grid(300)
          .filter((_, i) => i !== 40)
          .map((t, i) => (i > 200 ? t + 7_321 : t)),
      ],
      ['irregular', Array.from({ length: 200 }, (_, i) => T0 + i * i * 997 + i)],
      ['negative and far apart', [-(2 ** 49), -5, 0, 2 ** 49, 2 ** 50]],
    ];
    // Gaps whose delta of delta is beyond 2^51 ms are left to XOR.
    const far = [-(2 ** 50), 0, 2 ** 50, Number.MAX_SAFE_INTEGER];
    assert.equal(encodeDense2(Float64Array.from(far), new Float64Array(4), 0, 4), undefined);
    for (const [name, ts] of table) {
      const vs = ts.map((_, i) => i);
      try {
        roundTrip(ts, vs);
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
      }
    }
  });

  it('holds 0xffff samples, and refuses a count outside 1 … 0xffff', () => {
    const r = seededRandom(3);
    const n = 0xffff;
    roundTrip(
      grid(n, 5, r),
      Array.from({ length: n }, (_, i) => (i % 1000 === 0 ? NaN : i * 0.25)),
    );
    assert.equal(encodeDense2(new Float64Array(0), new Float64Array(0), 0, 0), undefined);
    assert.equal(encodeDense2(new Float64Array(n + 1), new Float64Array(n + 1), 0, n + 1), undefined);
  });

  it('decodes into arrays at an offset and refuses arrays too small', () => {
    const ts = grid(10);
    const vs = ts.map((_, i) => i * 1.5);
    const bytes = encodeDense2(Float64Array.from(ts), Float64Array.from(vs), 0, 10)!;
    const outT = new Float64Array(15);
    const outV = new Float64Array(15);
    assert.equal(decodeDense2Into(bytes, outT, outV, 5), 10);
    assert.deepEqual(Array.from(outT.subarray(5)), ts);
    assert.deepEqual(Array.from(outV.subarray(5)), vs);
    assert.throws(() => decodeDense2Into(bytes, outT, outV, 6), RangeError);
  });

  it('costs no bits a sample for regular timestamps and constant values', () => {
    const ts = grid(480);
    const bytes = roundTrip(
      ts,
      ts.map(() => 1),
    );
    assert.ok(bytes.length <= 20, `${bytes.length} bytes`);
    // A first sample off the grid (a restart) is one listed exception, not a bit a sample.
    ts[0] = ts[0]! - 9_051;
    assert.ok(
      roundTrip(
        ts,
        ts.map(() => 1),
      ).length <= 26,
    );
  });

  it('patches a staleness marker into a decimal column instead of giving it up', () => {
    const ts = grid(480);
    const vs = ts.map((_, i) => 1000 + i * 0.25);
    const clean = roundTrip(ts, vs).length;
    vs[479] = STALE;
    vs[200] = -0;
    const patched = roundTrip(ts, vs).length;
    assert.ok(patched <= clean + 24, `${patched} bytes with two patches, ${clean} without`);
  });

  it('is smaller than XOR on node_exporter-shaped series and full-precision walks', () => {
    let dense2 = 0;
    let xor = 0;
    for (let i = 0; i < 40; i++) {
      const s = nodeExporterSeries(i, 120, T0, 7);
      const ts = Array.from(s.ts);
      const vs = Array.from(s.vs);
      dense2 += roundTrip(ts, vs).length;
      xor += xorSize(ts, vs);
    }
    assert.ok(dense2 < xor * 0.75, `dense2 ${dense2} vs XOR ${xor}`);
    const r = seededRandom(5);
    let v = 500;
    const walk = Array.from({ length: 120 }, () => (v += r() * 2 - 1));
    const ts = grid(120, 20, r);
    assert.ok(roundTrip(ts, walk).length < xorSize(ts, walk) * 0.9);
  });
});

/** Decodes `bytes`: samples that make sense, or CorruptChunkError — never another error. */
function decodeOrRefuse(bytes: Uint8Array): 'decoded' | 'refused' {
  return checkDecoded(decodeDense2, bytes);
}

describe('dense2 chunk decoding of corrupt input', () => {
  const r = seededRandom(11);
  const chunks = Array.from({ length: 20 }, (_, i) => {
    const s = nodeExporterSeries(i, 120, T0, 3);
    return encodeDense2(s.ts, s.vs, 0, s.ts.length)!;
  });
  let v = 10;
  chunks.push(
    encodeDense2(
      Float64Array.from(grid(200, 20, r)),
      Float64Array.from({ length: 200 }, () => (v += r() - 0.5)),
      0,
      200,
    )!,
  );

  it('refuses every truncation', () => {
    for (const c of chunks)
      for (let len = 0; len < c.length; len++) assert.equal(decodeOrRefuse(c.subarray(0, len)), 'refused');
  });

  it('refuses trailing bytes', () => {
    for (const c of chunks) assert.equal(decodeOrRefuse(Uint8Array.of(...c, 0)), 'refused');
  });

  it('never throws anything but CorruptChunkError on flipped bits or garbage', () => {
    for (const c of chunks) {
      for (let k = 0; k < 200; k++) {
        const bad = c.slice();
        bad[Math.floor(r() * bad.length)]! ^= 1 << Math.floor(r() * 8);
        decodeOrRefuse(bad);
      }
    }
    for (let k = 0; k < 2000; k++) {
      const garbage = Uint8Array.from({ length: 2 + Math.floor(r() * 64) }, () => Math.floor(r() * 256));
      decodeOrRefuse(garbage);
    }
  });
});

describe('dense2 decimal patches', () => {
  it('round-trips patches at the start, in runs and at the end', () => {
    const ts = grid(40);
    const shapes: number[][] = [
      ts.map((_, i) => (i < 3 ? NaN : i)),
      ts.map((_, i) => (i === 0 || i === 2 ? STALE : i / 2)),
      ts.map((_, i) => (i % 3 === 0 ? -0 : 2 ** 49 - i)),
      ts.map((_, i) => (i > 30 ? Infinity : i * 1e-9)),
      ts.map((_, i) => (i % 2 === 0 ? Math.PI * i : i)),
    ];
    for (const vs of shapes) roundTrip(ts, vs);
  });
});

describe('dense2 decimals scaled by a product', () => {
  it('codes values computed as integer × 0.001 as integers, not floats', () => {
    const ts = grid(480);
    let ms = 398_292;
    const vs = ts.map((_, i) => (ms += (i * 7919) % 64) * 0.001);
    assert.ok(
      vs.some((v) => String(v).length > 12),
      'some values have no short decimal form',
    );
    const bytes = roundTrip(ts, vs);
    assert.ok(bytes.length < 480, `${bytes.length} bytes: under a byte a sample`);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AtRestKind, decodeAtRest, decodeAtRestInto, encodeAtRest, isAtRestKind } from './at-rest.js';
import { encodeDense } from './dense-chunk.js';
import { CorruptChunkError } from './errors.js';
import { floatFromBits } from './float-bits.js';
import { nodeExporterSeries } from './node-exporter-like.js';
import { XorChunkAppender } from './xor-appender.js';

const T0 = 1_700_000_000_000;

function xorChunk(ts: ArrayLike<number>, vs: ArrayLike<number>): Uint8Array {
  const a = new XorChunkAppender();
  for (let i = 0; i < ts.length; i++) a.append(ts[i]!, vs[i]!);
  return a.bytes().slice();
}

function bitsOf(vs: Float64Array): number[] {
  return Array.from(new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2));
}

describe('chunks at rest', () => {
  it('keeps the numbers of its kinds (blocks store them)', () => {
    assert.deepEqual(AtRestKind, { xor: 1, dense: 2, dense2: 3 });
    for (const k of [1, 2, 3]) assert.ok(isAtRestKind(k));
    for (const k of [0, 4, 255]) assert.ok(!isAtRestKind(k));
  });

  it('stores each chunk in its smaller form and reads it back bit for bit', () => {
    const kinds = new Set<number>();
    let stored = 0;
    let xorBytes = 0;
    for (let i = 0; i < 60; i++) {
      const s = nodeExporterSeries(i, 240, T0, 2);
      const xor = xorChunk(s.ts, s.vs);
      const c = encodeAtRest(xor);
      assert.ok(c.bytes.length <= xor.length);
      kinds.add(c.kind);
      stored += c.bytes.length;
      xorBytes += xor.length;
      const back = decodeAtRest(c.kind, c.bytes);
      assert.deepEqual(Array.from(back.ts.subarray(0, back.count)), Array.from(s.ts));
      assert.deepEqual(bitsOf(back.vs.subarray(0, back.count)), bitsOf(s.vs));
    }
    assert.ok(kinds.has(AtRestKind.dense2));
    assert.ok(stored < xorBytes / 2, `${stored} bytes at rest vs ${xorBytes} in XOR`);
  });

  it('keeps staleness markers, NaN payloads, ±Inf and -0 bit for bit', () => {
    const vs = Float64Array.from({ length: 120 }, (_, i) =>
      i === 119 ? floatFromBits(0x7ff00000, 2) : i % 10 === 3 ? floatFromBits(0x7ff80000, 0xdead) : i / 8,
    );
    vs[5] = Infinity;
    vs[6] = -Infinity;
    vs[7] = -0;
    const ts = Float64Array.from({ length: 120 }, (_, i) => T0 + i * 15_000);
    const c = encodeAtRest(xorChunk(ts, vs));
    assert.equal(c.kind, AtRestKind.dense2);
    assert.deepEqual(bitsOf(decodeAtRest(c.kind, c.bytes).vs), bitsOf(vs));
  });

  it('decodes every kind into arrays at an offset', () => {
    const ts = Float64Array.from({ length: 50 }, (_, i) => T0 + i * 15_000);
    const vs = Float64Array.from({ length: 50 }, (_, i) => i * 0.5);
    const forms: [number, Uint8Array][] = [
      [AtRestKind.xor, xorChunk(ts, vs)],
      [AtRestKind.dense, encodeDense(ts, vs, 0, 50)!],
      [AtRestKind.dense2, encodeAtRest(xorChunk(ts, vs)).bytes],
    ];
    for (const [kind, bytes] of forms) {
      const outT = new Float64Array(60);
      const outV = new Float64Array(60);
      assert.equal(decodeAtRestInto(kind, bytes, outT, outV, 10), 50);
      assert.deepEqual(Array.from(outT.subarray(10)), Array.from(ts));
      assert.deepEqual(Array.from(outV.subarray(10)), Array.from(vs));
    }
  });

  it('decodes float bits and patches into views that start inside their buffer', () => {
    const ts = Float64Array.from({ length: 30 }, (_, i) => T0 + i * 15_000);
    const vs = Float64Array.from({ length: 30 }, (_, i) => (i === 7 ? NaN : i % 2 ? Math.PI * i : i));
    const c = encodeAtRest(xorChunk(ts, vs));
    assert.equal(c.kind, AtRestKind.dense2);
    const backing = new Float64Array(64);
    const outT = new Float64Array(64);
    const view = backing.subarray(3, 40);
    assert.equal(decodeAtRestInto(c.kind, c.bytes, outT, view, 2), 30);
    assert.deepEqual(bitsOf(view.subarray(2, 32)), bitsOf(vs));
    assert.deepEqual(Array.from(backing.subarray(0, 5)), [0, 0, 0, 0, 0]);
  });

  it('refuses an unknown kind', () => {
    assert.throws(() => decodeAtRest(9, new Uint8Array(4)), CorruptChunkError);
    assert.throws(
      () => decodeAtRestInto(0, new Uint8Array(4), new Float64Array(1), new Float64Array(1)),
      CorruptChunkError,
    );
  });
});

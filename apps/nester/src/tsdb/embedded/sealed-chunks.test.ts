import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeChunk } from '../chunkenc/decode.js';
import { XorChunkAppender } from '../chunkenc/xor-appender.js';
import type { EncodedChunk } from './chunk-policy.js';
import { SealedChunks, snapshotChunk } from './sealed-chunks.js';

/** A chunk of samples at `from, from + step, …` (`n` of them), value = timestamp. */
function chunk(from: number, n: number, step = 10): EncodedChunk {
  const a = new XorChunkAppender();
  for (let i = 0; i < n; i++) a.append(from + i * step, from + i * step);
  return { bytes: a.bytes().slice(), minT: from, maxT: from + (n - 1) * step, count: n };
}

/** Every chunk's first timestamp, decoded from its bytes (so bytes and bounds must agree). */
function starts(s: SealedChunks): number[] {
  return Array.from({ length: s.chunkCount }, (_, i) => {
    const d = decodeChunk(s.bytesOf(i));
    assert.equal(d.ts[0], s.minTOf(i));
    assert.equal(d.ts[d.count - 1], s.maxTOf(i));
    assert.equal(d.count, s.countOf(i));
    return s.minTOf(i);
  });
}

describe('sealed chunks', () => {
  it('appends, finds by time, and counts samples', () => {
    const s = new SealedChunks();
    for (let k = 0; k < 20; k++) s.push(chunk(k * 1000, 50));
    assert.deepEqual(
      starts(s),
      Array.from({ length: 20 }, (_, k) => k * 1000),
    );
    assert.equal(s.samples, 1000);
    assert.equal(s.indexCovering(3490), 3);
    assert.equal(s.indexCovering(3495), -1);
    assert.equal(s.firstEndingAtOrAfter(3495), 4);
    assert.equal(s.firstEndingAtOrAfter(1e9), 20);
    assert.deepEqual([s.minT, s.maxT], [0, 19_490]);
  });

  it('splices chunks in the middle and at both ends', () => {
    const s = new SealedChunks();
    for (const from of [0, 1000, 2000, 3000]) s.push(chunk(from, 10));
    s.splice(1, 3, [chunk(1000, 30), chunk(1500, 5), chunk(2500, 7)]);
    assert.deepEqual(starts(s), [0, 1000, 1500, 2500, 3000]);
    s.splice(0, 1, []);
    s.splice(4, 4, [chunk(5000, 3)]);
    assert.deepEqual(starts(s), [1000, 1500, 2500, 3000, 5000]);
    assert.equal(s.samples, 30 + 5 + 7 + 10 + 3);
    // 2500–2560 is wholly before 2600; 3000–3090 straddles nothing and stays.
    assert.equal(s.dropBefore(2600), 42);
    assert.deepEqual(starts(s), [3000, 5000]);
    assert.equal(s.dropBefore(3050), 0, 'a chunk straddling the cutoff stays whole');
  });

  it('takes views of its own bytes as replacement chunks', () => {
    const s = new SealedChunks();
    for (const from of [0, 1000, 2000]) s.push(chunk(from, 10));
    const last = { bytes: s.bytesOf(2), minT: 2000, maxT: 2090, count: 10 };
    s.splice(0, 3, [last]);
    assert.deepEqual(starts(s), [2000]);
  });

  it('copies on write while a snapshot holds its bytes, and writes in place after release', () => {
    const s = new SealedChunks();
    for (let k = 0; k < 10; k++) s.push(chunk(k * 1000, 20));
    const snap = s.snapshot();
    const frozen = Array.from({ length: snap.count }, (_, i) => [...snapshotChunk(snap, i).bytes]);
    s.dropBefore(3000);
    s.splice(2, 3, [chunk(5000, 20, 5)]);
    s.push(chunk(20_000, 20));
    const after = Array.from({ length: snap.count }, (_, i) => [...snapshotChunk(snap, i).bytes]);
    assert.deepEqual(after, frozen);
    s.release(snap);
    const again = s.snapshot();
    s.release(again);
    const before = again.data;
    s.splice(0, 1, [chunk(3000, 5)]);
    assert.equal(s.snapshot().data, before, 'in place once released');
  });

  it('gives memory back when retention empties most of it', () => {
    const s = new SealedChunks();
    for (let k = 0; k < 100; k++) s.push(chunk(k * 1000, 100));
    const big = s.capacity;
    s.dropBefore(95_000);
    assert.ok(s.capacity < big / 4, `${s.capacity} of ${big}`);
    assert.deepEqual(starts(s), [95_000, 96_000, 97_000, 98_000, 99_000]);
  });
});

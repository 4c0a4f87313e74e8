import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeChunk } from './decode.js';
import { decodeOrRefuse as checkDecoded } from './decode-or-refuse.js';
import { CorruptChunkError } from './errors.js';
import { nodeExporterSeries, seededRandom } from './node-exporter-like.js';
import { XorChunkAppender } from './xor-appender.js';
import { iterateChunk } from './xor-iterator.js';

/** Decodes through the lazy iterator: the samples as `t:hi:lo` strings, or 'refused'. */
function viaIterator(bytes: Uint8Array): string[] | 'refused' {
  try {
    const it = iterateChunk(bytes);
    const out: string[] = [];
    while (it.next()) out.push(`${it.at}:${it.hi}:${it.lo}`);
    return it.bytesRead === bytes.length ? out : 'refused';
  } catch (err) {
    if (err instanceof CorruptChunkError) return 'refused';
    throw err;
  }
}

/** Decodes through the bulk decoder, in the same form as `viaIterator`. */
function viaDecoder(bytes: Uint8Array): string[] | 'refused' {
  try {
    const { ts, vs, count } = decodeChunk(bytes);
    const bits = new Uint32Array(vs.buffer);
    const le = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
    return Array.from(
      { length: count },
      (_, i) => `${ts[i]}:${bits[2 * i + (le ? 1 : 0)]}:${bits[2 * i + (le ? 0 : 1)]}`,
    );
  } catch (err) {
    if (err instanceof CorruptChunkError) return 'refused';
    throw err;
  }
}

/**
 * Decodes `bytes` and checks the outcome is either samples that make sense (safe-integer
 * timestamps, strictly increasing) or a CorruptChunkError, never another error or a hang.
 */
function decodeOrRefuse(bytes: Uint8Array): 'decoded' | 'refused' {
  // The two decoders read the same format independently: they must agree on every input.
  assert.deepEqual(viaDecoder(bytes), viaIterator(bytes));
  return checkDecoded(decodeChunk, bytes);
}

function validChunk(i: number, n: number): Uint8Array {
  const s = nodeExporterSeries(i, n, 1_700_000_000_000);
  const a = new XorChunkAppender();
  for (let k = 0; k < n; k++) a.append(s.ts[k]!, s.vs[k]!);
  return a.bytes().slice();
}

describe('XOR chunk decoding of bad input', () => {
  it('refuses random garbage with CorruptChunkError, never hangs', () => {
    const rnd = seededRandom(99);
    const outcomes = { decoded: 0, refused: 0 };
    for (let i = 0; i < 5000; i++) {
      const bytes = new Uint8Array(Math.floor(rnd() * 300));
      for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(rnd() * 256);
      outcomes[decodeOrRefuse(bytes)]++;
    }
    assert.ok(outcomes.refused > 4900, JSON.stringify(outcomes));
  });

  it('survives flipped bits, truncation and appended bytes in valid chunks', () => {
    const rnd = seededRandom(5);
    const outcomes = { decoded: 0, refused: 0 };
    for (let i = 0; i < 2000; i++) {
      const bytes = validChunk(i, 1 + Math.floor(rnd() * 150));
      const mode = i % 3;
      let bad: Uint8Array;
      if (mode === 0) {
        bad = bytes.slice();
        const bit = Math.floor(rnd() * bad.length * 8);
        bad[bit >>> 3] = bad[bit >>> 3]! ^ (0x80 >>> (bit & 7));
      } else if (mode === 1) {
        bad = bytes.subarray(0, Math.floor(rnd() * bytes.length));
      } else {
        bad = Uint8Array.of(...bytes, Math.floor(rnd() * 256));
      }
      outcomes[decodeOrRefuse(bad)]++;
    }
    // Flipped value bits often still decode (to other values): only crashes and hangs fail here.
    assert.ok(outcomes.refused > 1000, JSON.stringify(outcomes));
  });

  it('reports truncation through the iterator too, then stays ended', () => {
    const bytes = validChunk(3, 100);
    const it = iterateChunk(bytes.subarray(0, bytes.length - 20));
    let n = 0;
    assert.throws(() => {
      while (it.next()) n++;
    }, CorruptChunkError);
    assert.ok(n > 0 && n < 100);
    assert.equal(it.next(), false);
    assert.throws(() => iterateChunk(Uint8Array.of(1)), { code: 'corrupt_chunk' });
  });
});

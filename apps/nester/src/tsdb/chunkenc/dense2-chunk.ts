import { BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import type { DecodedChunk } from './decode.js';
import { planTimes, readTimes } from './dense2-time.js';
import { planValues, readValues } from './dense2-values.js';
import { CorruptChunkError } from './errors.js';
import { readVarint, writeVarint } from './varint.js';
import { CHUNK_HEADER_BYTES, MAX_CHUNK_SAMPLES } from './xor-format.js';

/**
 * The dense2 chunk encoding (docs/format/dense2-chunk.md), for sealed chunks at rest: a
 * timestamp column (deltas of deltas or offsets from a grid) and a value column (short decimals
 * as integers, or any float as deltas of its bits), each written with the smaller of two codes
 * per chunk (residual-coder.ts). Unlike the first dense encoding it takes every chunk — NaN,
 * ±Inf, -0 included — and a column that does not change costs no bits a sample.
 */

/**
 * Encodes samples `[from, to)` (timestamps `ts`: integer ms, strictly increasing; values `vs`,
 * bit-exact). Undefined when the count is outside 1 … 0xffff or a timestamp gap is beyond 2^51 ms.
 */
export function encodeDense2(
  ts: Float64Array,
  vs: Float64Array,
  from: number,
  to: number,
): Uint8Array | undefined {
  const n = to - from;
  if (n < 1 || n > MAX_CHUNK_SAMPLES) return undefined;
  const times = planTimes(ts, from, n);
  if (times === undefined) return undefined;
  const values = planValues(vs, from, n);
  const w = new BitWriter(CHUNK_HEADER_BYTES + 10 + Math.ceil((times.bits + values.bits) / 8));
  w.writeBits(0, CHUNK_HEADER_BYTES * 8);
  writeVarint(w, ts[from]!);
  times.write(w);
  values.write(w);
  w.setUint16LE(0, n);
  return w.bytes().slice();
}

/**
 * Decodes every sample of a dense2 chunk into `ts`/`vs` from index `at`; returns the count.
 * Throws `CorruptChunkError` when the bytes do not decode exactly to their last byte, and
 * `RangeError` when the arrays lack room.
 */
export function decodeDense2Into(chunk: Uint8Array, ts: Float64Array, vs: Float64Array, at = 0): number {
  if (chunk.length < CHUNK_HEADER_BYTES + 1)
    throw new CorruptChunkError(`cannot decode dense2 chunk: ${chunk.length} bytes`);
  const count = chunk[0]! | (chunk[1]! << 8);
  if (count === 0) throw new CorruptChunkError('cannot decode dense2 chunk: no samples');
  if (at + count > ts.length || at + count > vs.length)
    throw new RangeError(`cannot decode ${count} samples at index ${at}: arrays hold ${ts.length}`);
  const r = new BitReader(chunk, CHUNK_HEADER_BYTES);
  ts[at] = readVarint(r);
  readTimes(r, ts, at, count);
  readValues(r, vs, at, count);
  const end = Math.ceil(r.bitPosition / 8);
  if (end !== chunk.length)
    throw new CorruptChunkError(
      `cannot decode dense2 chunk: ${chunk.length} bytes, the samples end at byte ${end}`,
    );
  return count;
}

/** Decodes a dense2 chunk into fresh arrays. */
export function decodeDense2(chunk: Uint8Array): DecodedChunk {
  const count = chunk.length >= CHUNK_HEADER_BYTES ? chunk[0]! | (chunk[1]! << 8) : 0;
  const ts = new Float64Array(Math.max(1, count));
  const vs = new Float64Array(Math.max(1, count));
  return { count: decodeDense2Into(chunk, ts, vs, 0), ts, vs };
}

import { decodeChunk, decodeChunkInto } from './decode.js';
import type { DecodedChunk } from './decode.js';
import { decodeDense } from './dense-chunk.js';
import { decodeDense2, decodeDense2Into, encodeDense2 } from './dense2-chunk.js';
import { CorruptChunkError } from './errors.js';

/**
 * Encodings of chunks at rest (blocks). The number is what a block stores before each chunk;
 * a number is never reused for another encoding. New encodings are added here, and only here:
 * writers call `encodeAtRest`, readers `decodeAtRest`.
 */
export const AtRestKind = {
  /** XOR, byte for byte as the head keeps it (xor-chunk.md). */
  xor: 1,
  /** Short decimals as integer deltas of deltas (dense-chunk.md). */
  dense: 2,
  /** Grid or delta-of-delta timestamps, decimal or float-bit values, Rice or bounded codes (dense2-chunk.md). */
  dense2: 3,
} as const;
export type AtRestKind = (typeof AtRestKind)[keyof typeof AtRestKind];

/** A chunk in its stored form. */
export interface AtRestChunk {
  readonly kind: AtRestKind;
  readonly bytes: Uint8Array;
}

/** True when `kind` is an encoding this build reads. */
export function isAtRestKind(kind: number): kind is AtRestKind {
  return kind === AtRestKind.xor || kind === AtRestKind.dense || kind === AtRestKind.dense2;
}

/**
 * The smaller stored form of an XOR chunk (`xor` holds the head's bytes): dense2 or XOR as it
 * is. The first dense encoding is still read but no longer written: dense2 is smaller on all
 * but a handful of chunks in a thousand (bench/disk), and trying both would cost a fifth more
 * CPU. Costs an XOR decode and a dense2 encode (about 0.5–1 µs a sample): run it off the event
 * loop.
 */
export function encodeAtRest(xor: Uint8Array): AtRestChunk {
  const { count, ts, vs } = decodeChunk(xor);
  const dense2 = encodeDense2(ts, vs, 0, count);
  if (dense2 !== undefined && dense2.length < xor.length) return { kind: AtRestKind.dense2, bytes: dense2 };
  return { kind: AtRestKind.xor, bytes: xor };
}

/** Decodes a stored chunk; throws `CorruptChunkError` for an unknown kind or bad bytes. */
export function decodeAtRest(kind: number, bytes: Uint8Array): DecodedChunk {
  switch (kind) {
    case AtRestKind.xor:
      return decodeChunk(bytes);
    case AtRestKind.dense:
      return decodeDense(bytes);
    case AtRestKind.dense2:
      return decodeDense2(bytes);
    default:
      throw new CorruptChunkError(`cannot decode chunk: unknown encoding ${kind}`);
  }
}

/**
 * Decodes a stored chunk into `ts`/`vs` from index `at` (room for the chunk's u16 count is the
 * caller's); returns how many samples. XOR decodes in place, other kinds through a copy.
 */
export function decodeAtRestInto(
  kind: number,
  bytes: Uint8Array,
  ts: Float64Array,
  vs: Float64Array,
  at = 0,
): number {
  if (kind === AtRestKind.xor) return decodeChunkInto(bytes, ts, vs, at);
  if (kind === AtRestKind.dense2) return decodeDense2Into(bytes, ts, vs, at);
  const d = decodeAtRest(kind, bytes);
  ts.set(d.ts.subarray(0, d.count), at);
  vs.set(d.vs.subarray(0, d.count), at);
  return d.count;
}

import { HI, LO } from '../chunkenc/float-bits.js';
import { XorChunkAppender } from '../chunkenc/xor-appender.js';

/**
 * When the head seals its open chunk. A chunk is cut once it holds at least
 * `CHUNK_MIN_SAMPLES` and `CHUNK_TARGET_BYTES` (so the ~20 bytes every chunk spends on its first
 * sample stay under 10 % even for series that compress to bits), at `CHUNK_MAX_SAMPLES` at the
 * latest (bounding what a query decodes beyond its range), and always at a multiple of
 * `CHUNK_RANGE_MS` in time, so future 2 h blocks can take chunks whole, as Prometheus does.
 */
export const CHUNK_MIN_SAMPLES = 120;
/** Bytes (header included) an open chunk reaches before it may be cut. */
export const CHUNK_TARGET_BYTES = 256;
/** Samples at which an open chunk is cut regardless of size. */
export const CHUNK_MAX_SAMPLES = 480;
/** Chunks never span a multiple of this (ms since the epoch): 2 h, Prometheus' block range. */
export const CHUNK_RANGE_MS = 2 * 3_600_000;

/** A sealed chunk: its bytes and the timestamps (ms) of its first and last sample. */
export interface EncodedChunk {
  readonly bytes: Uint8Array;
  readonly minT: number;
  readonly maxT: number;
  readonly count: number;
}

/** True when `open` (not empty) must be sealed before `t` is appended to the series. */
export function shouldCut(open: XorChunkAppender, t: number): boolean {
  const n = open.count;
  if (n >= CHUNK_MAX_SAMPLES || !open.canAppend(t)) return true;
  if (Math.floor(t / CHUNK_RANGE_MS) !== Math.floor(open.minT / CHUNK_RANGE_MS)) return true;
  return n >= CHUNK_MIN_SAMPLES && open.byteLength >= CHUNK_TARGET_BYTES;
}

/**
 * Encodes samples `[from, to)` of sorted, distinct timestamps `ts` with value bits `bits`
 * (a Uint32Array view over float64 values, two halves each) into chunks cut by the policy above,
 * appended to `out`. Works on bits so no value passes through a JS number.
 */
export function encodeRun(
  ts: Float64Array,
  bits: Uint32Array,
  from: number,
  to: number,
  out: EncodedChunk[],
): void {
  let a = new XorChunkAppender();
  for (let i = from; i < to; i++) {
    const t = ts[i]!;
    if (a.count > 0 && shouldCut(a, t)) {
      out.push(sealAppender(a));
      a = new XorChunkAppender();
    }
    a.appendBits(t, bits[2 * i + HI]!, bits[2 * i + LO]!);
  }
  if (a.count > 0) out.push(sealAppender(a));
}

/** A copy of the appender's chunk as an `EncodedChunk`. */
export function sealAppender(a: XorChunkAppender): EncodedChunk {
  return { bytes: a.bytes().slice(), minT: a.minT, maxT: a.maxT, count: a.count };
}

import type { Sample } from '@seahawks/model';
import { decodeChunkInto } from '../chunkenc/decode.js';
import { XorIterator } from '../chunkenc/xor-iterator.js';

// Scratch arrays for decoding one chunk at a time: reads are synchronous and decode chunk after
// chunk, so one pair serves every query without an allocation per chunk.
let scratchTs = new Float64Array(1024);
let scratchVs = new Float64Array(1024);

/** Decodes `chunk` into the shared scratch arrays (valid until the next call); returns the count. */
function decodeToScratch(chunk: Uint8Array): number {
  const count = chunkCount(chunk);
  if (count > scratchTs.length) {
    scratchTs = new Float64Array(count);
    scratchVs = new Float64Array(count);
  }
  return decodeChunkInto(chunk, scratchTs, scratchVs);
}

/**
 * Writes the samples of `chunk` with `minT <= t <= maxT` (ms) into `out` from index `at`, as new
 * objects, and returns the index after the last one written. `out` has room (the caller sized it
 * from the chunks' counts: growing by push copies the array again and again on long ranges).
 * Values go from a Float64Array into an object field, which keeps their bits (unlike a number[]).
 */
export function writeRange(chunk: Uint8Array, minT: number, maxT: number, out: Sample[], at: number): number {
  const count = decodeToScratch(chunk);
  const ts = scratchTs;
  const vs = scratchVs;
  let k = at;
  if (count > 0 && ts[0]! >= minT && ts[count - 1]! <= maxT) {
    // The whole chunk is in range (every chunk but the first and last of a long range).
    for (let i = 0; i < count; i++) out[k++] = { t: ts[i]!, v: vs[i]! };
    return k;
  }
  let i = 0;
  while (i < count && ts[i]! < minT) i++;
  for (; i < count; i++) {
    const t = ts[i]!;
    if (t > maxT) break;
    out[k++] = { t, v: vs[i]! };
  }
  return k;
}

/** How many samples `chunk` holds, from its header: an upper bound of what `writeRange` writes. */
export function chunkCount(chunk: Uint8Array): number {
  return chunk.length < 2 ? 0 : chunk[0]! | (chunk[1]! << 8);
}

/** True when `chunk` has a sample with `minT <= t <= maxT`; decodes only up to it. */
export function chunkHasSampleIn(chunk: Uint8Array, minT: number, maxT: number): boolean {
  const it = new XorIterator(chunk);
  return it.seek(minT) && it.at <= maxT;
}

/** The value bits found by the last successful `findSample`. */
export const found = { hi: 0, lo: 0 };

/** True when `chunk` has a sample at exactly `t`; its value bits are then in `found`. */
export function findSample(chunk: Uint8Array, t: number): boolean {
  const it = new XorIterator(chunk);
  if (!it.seek(t) || it.at !== t) return false;
  found.hi = it.hi;
  found.lo = it.lo;
  return true;
}

/** Merges two sorted sample lists with distinct timestamps into a new sorted list. */
export function mergeSamples(a: readonly Sample[], b: readonly Sample[]): Sample[] {
  const out: Sample[] = new Array<Sample>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]!.t < b[j]!.t ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

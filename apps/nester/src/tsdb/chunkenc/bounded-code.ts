import type { BitWriter } from './bit-writer.js';
import { bitWidth, uvarintBits, varintBits, writeWide } from './residual-bits.js';
import { writeUvarint, writeVarint } from './varint.js';
import { TWO_32 } from './xor-format.js';

/**
 * The bounded code of a residual column (docs/format/dense2-chunk.md), a patched frame of
 * reference: residuals in `[min, min + range)` are written as `r - min` in truncated binary
 * (log2(range) bits, rounded per value), and the few outside it — exceptions — are listed
 * before them, each as the gap since the previous one and its value, and take no place among
 * them. A constant column costs no bits a sample; one that is constant but for a restart, a
 * missed scrape or a rare counter increment costs only its exceptions; uniform scrape jitter
 * costs its entropy.
 */

/** Widest range of a bounded column (its values are read as up to 32 bits). */
export const MAX_BOUNDED_RANGE = TWO_32;
/** Outliers tried for exclusion at each end: a few, since each costs a listed exception. */
const TRIM = [0, 1, 2, 3, 4, 6, 8, 12, 16];
const TRIM_MAX = 16;
const POW2 = Array.from({ length: 64 }, (_, k) => 2 ** k);

export interface BoundedCode {
  readonly type: 'bounded';
  readonly min: number;
  readonly range: number;
  /** Residuals outside the range (listed apart). */
  readonly exceptions: number;
  /** Size in bits, header included (exact but for the gaps before exceptions). */
  readonly bits: number;
}

const counts = new Uint32Array(4096);

/**
 * `rs[from, to)` sorted; undefined when one is NaN. Residuals mostly span a few hundred values
 * (jitter, small deltas): those are counted into place, in linear time, instead of compared.
 */
export function sortedResiduals(rs: Float64Array, from: number, to: number): Float64Array | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const r = rs[i]!;
    if (r !== r) return undefined;
    if (r < min) min = r;
    if (r > max) max = r;
  }
  const span = max - min + 1;
  if (span > counts.length) return rs.slice(from, to).sort();
  counts.fill(0, 0, span);
  for (let i = from; i < to; i++) counts[rs[i]! - min]!++;
  const out = new Float64Array(to - from);
  let o = 0;
  for (let v = 0; v < span; v++) for (let c = counts[v]!; c > 0; c--) out[o++] = min + v;
  return out;
}

/** First index of `sorted` whose value is at least `x`. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The smallest bounded code of `rs[from, to)` over ranges that leave out a few of the lowest
 * and highest residuals; undefined when a residual is absolute (NaN) or no range fits 32 bits.
 * Sizes come from the sorted residuals, one binary search per candidate range; a gap before an
 * exception is counted as one byte (exact for gaps under 128), so `bits` is an estimate there.
 */
export function boundedCode(rs: Float64Array, from: number, to: number): BoundedCode | undefined {
  const n = to - from;
  if (n === 0) return { type: 'bounded', min: 0, range: 1, exceptions: 0, bits: 2 + 16 };
  const sorted = sortedResiduals(rs, from, to);
  if (sorted === undefined) return undefined;
  if (sorted[0] === sorted[n - 1])
    return {
      type: 'bounded',
      min: sorted[0]!,
      range: 1,
      exceptions: 0,
      bits: 2 + varintBits(sorted[0]!) + 8,
    };
  // Bits of the lowest `low` and highest `high` residuals as exceptions (gap and value).
  const most = Math.min(n, TRIM_MAX);
  const lowBits = new Float64Array(most + 1);
  const highBits = new Float64Array(most + 1);
  for (let i = 0; i < most; i++) {
    lowBits[i + 1] = lowBits[i]! + 8 + varintBits(sorted[i]!);
    highBits[i + 1] = highBits[i]! + 8 + varintBits(sorted[n - 1 - i]!);
  }
  const excBits = (low: number, high: number): number =>
    uvarintBits(low + high - 1) + lowBits[low]! + highBits[high]!;
  let best: BoundedCode | undefined;
  for (const low of TRIM) {
    if (low >= n) break;
    // Leaving out a residual equal to the one kept is the same range: try each range once.
    if (low > 0 && sorted[low] === sorted[low - 1]) continue;
    for (const high of TRIM) {
      if (low + high >= n) break;
      if (high > 0 && sorted[n - 1 - high] === sorted[n - high]) continue;
      const min = sorted[low]!;
      const range = sorted[n - 1 - high]! - min + 1;
      if (range > MAX_BOUNDED_RANGE) continue;
      const b = range <= 1 ? 0 : bitWidth(range - 1);
      const inRange = n - low - high;
      const below = b === 0 ? 0 : Math.min(inRange, lowerBound(sorted, min + POW2[b]! - range) - low);
      let bits = 2 + varintBits(min) + uvarintBits(range - 1) + inRange * b - below;
      if (low + high > 0) bits += excBits(low, high);
      if (best === undefined || bits < best.bits)
        best = { type: 'bounded', min, range, exceptions: low + high, bits };
    }
  }
  return best;
}

/**
 * Writes a bounded column's body (its selector, written by the caller, says whether exceptions
 * are listed): min, range, exceptions, then the residuals inside the range.
 */
export function writeBounded(
  w: BitWriter,
  code: BoundedCode,
  rs: Float64Array,
  from: number,
  to: number,
): void {
  const { min, range } = code;
  const max = min + range - 1;
  const { exceptions } = code;
  writeVarint(w, min);
  writeUvarint(w, range - 1);
  if (exceptions > 0) writeUvarint(w, exceptions - 1);
  let last = from - 1;
  for (let i = from; i < to; i++) {
    if (rs[i]! >= min && rs[i]! <= max) continue;
    writeUvarint(w, i - last - 1);
    writeVarint(w, rs[i]!);
    last = i;
  }
  if (range <= 1) return;
  const b = bitWidth(range - 1);
  const cut = POW2[b]! - range;
  for (let i = from; i < to; i++) {
    const x = rs[i]! - min;
    if (x < 0 || x >= range) continue;
    if (x < cut) writeWide(w, x, b - 1);
    else writeWide(w, x + cut, b);
  }
}

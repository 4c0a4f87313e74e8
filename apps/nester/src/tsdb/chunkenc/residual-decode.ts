import type { BitReader } from './bit-reader.js';
import { CorruptChunkError } from './errors.js';
import { ABSOLUTE_WIDTH, exceptionAt, exceptionValue, RICE_ESCAPE } from './residual-coder.js';
import type { ColumnReader } from './residual-coder.js';
import { TWO_32 } from './xor-format.js';

/**
 * The bulk path of dense2 decoding: a whole column of residuals read at bit offsets straight
 * from the bytes (four or five bytes per read, no reader object per field), which is what keeps
 * a Rice code near XOR's speed. Reads past the end see zero bytes and are caught once, at the
 * end of the column, so a corrupt chunk costs at most one column of work before its error.
 */

const POW2 = Array.from({ length: 64 }, (_, k) => 2 ** k);

/** The 32 bits starting at byte `p`, big-endian, zeros past the end. */
function word(b: Uint8Array, p: number): number {
  if (p + 3 < b.length) return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  let w = 0;
  for (let i = 0; i < 4; i++) w = (w << 8) | (p + i < b.length ? b[p + i]! : 0);
  return w >>> 0;
}

/** The 32 bits starting at bit `pos`, zeros past the end. */
function window(b: Uint8Array, pos: number): number {
  const p = pos >>> 3;
  const sh = pos & 7;
  if (p + 4 < b.length) {
    const w = (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
    return ((w << sh) | (b[p + 4]! >>> (8 - sh))) >>> 0;
  }
  return ((word(b, p) << sh) | ((p + 4 < b.length ? b[p + 4]! : 0) >>> (8 - sh))) >>> 0;
}

/** `n` bits (0 <= n <= 32) at bit `pos`, unsigned. */
function bitsAt(b: Uint8Array, pos: number, n: number): number {
  return n === 0 ? 0 : window(b, pos) >>> (32 - n);
}

/** `n` bits (0 <= n <= 54) at bit `pos`, unsigned. */
function wideAt(b: Uint8Array, pos: number, n: number): number {
  return n <= 32 ? bitsAt(b, pos, n) : bitsAt(b, pos, n - 32) * TWO_32 + bitsAt(b, pos + n - 32, 32);
}

/**
 * Reads `n` residuals of column `c` into `out[0, n)`, signed. An absolute residual is NaN in
 * `out`, and its 64 bits (high then low half) go to `abs` at `2 · i` when `abs` is given;
 * without `abs` it is a `CorruptChunkError`. Leaves `r` after the column.
 */
export function readResiduals(
  r: BitReader,
  c: ColumnReader,
  out: Float64Array,
  n: number,
  abs?: Uint32Array,
): void {
  const { bytes: b, endBit } = r.source;
  let pos = r.bitPosition;
  if (!c.rice) {
    // Runs of in-range residuals between the listed exceptions.
    let from = 0;
    for (let e = 0; e <= c.exceptions; e++) {
      const to = e < c.exceptions ? exceptionAt[e]! : n;
      if (c.k === 0) out.fill(c.min, from, to);
      else pos = readBounded(b, pos, c, out, from, to);
      if (e < c.exceptions) out[to] = exceptionValue[e]!;
      from = to + 1;
    }
  } else {
    const k = c.k;
    const div = POW2[k]!;
    for (let i = 0; i < n; i++) {
      const w = window(b, pos);
      // Leading ones: the unary quotient; with the k low bits it mostly fits the same window.
      const q = Math.clz32(~w);
      if (q < RICE_ESCAPE && q + 1 + k <= 31) {
        // z < 2^30 here: integer operations undo the zig-zag.
        const z = k === 0 ? q : (q << k) | ((w << (q + 1)) >>> (32 - k));
        pos += q + 1 + k;
        out[i] = (z >>> 1) ^ -(z & 1);
        continue;
      }
      let z: number;
      if (q < RICE_ESCAPE && k > 32 && q + 1 + (k - 32) <= 32) {
        // Full-precision floats (k of 40 and more): the high k − 32 bits of the remainder are
        // still in the window that held the quotient; one more window holds the low 32.
        const high = ((w << (q + 1)) >>> 0) >>> (64 - k);
        pos += q + 1;
        z = q * div + high * TWO_32 + window(b, pos + k - 32);
        pos += k;
      } else if (q < RICE_ESCAPE) {
        pos += q + 1;
        z = q * div + wideAt(b, pos, k);
        pos += k;
      } else {
        const width = bitsAt(b, pos + RICE_ESCAPE, 6);
        pos += RICE_ESCAPE + 6;
        if (width === ABSOLUTE_WIDTH && abs !== undefined) {
          abs[2 * i] = bitsAt(b, pos, 32);
          abs[2 * i + 1] = bitsAt(b, pos + 32, 32);
          pos += 64;
          out[i] = NaN;
          continue;
        }
        if (width > 54) throw new CorruptChunkError(`cannot decode dense2 chunk: residual of ${width} bits`);
        z = wideAt(b, pos, width);
        pos += width;
      }
      // z may pass 2^32: arithmetic, with a product instead of a division.
      const half = Math.floor(z * 0.5);
      out[i] = z === 2 * half ? half : -half - 1;
    }
  }
  if (c.unit > 1) for (let i = 0; i < n; i++) out[i] = out[i]! * c.unit;
  if (pos > endBit)
    throw new CorruptChunkError(`cannot decode dense2 chunk: a column ends past bit ${endBit}`);
  r.seekBit(pos);
}

/** Truncated binary over `c.range` values: `k - 1` bits, one more when they reach `c.cut`. */
function readBounded(
  b: Uint8Array,
  pos: number,
  c: ColumnReader,
  out: Float64Array,
  from: number,
  to: number,
): number {
  const short = c.k - 1;
  const { cut, min } = c;
  for (let i = from; i < to; i++) {
    let x = window(b, pos) >>> (32 - c.k);
    if (x >>> 1 < cut) {
      x >>>= 1;
      pos += short;
    } else {
      x -= cut;
      pos += c.k;
    }
    out[i] = min + x;
  }
  return pos;
}

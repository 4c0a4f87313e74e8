import type { BitReader } from './bit-reader.js';
import {
  applyPatches,
  decimalColumn,
  decimalValue,
  patchBits,
  readPatches,
  writePatches,
} from './decimal-patches.js';
import { MAX_SCALE } from './dense-chunk.js';
import type { ColumnPlan } from './dense2-time.js';
import { CorruptChunkError } from './errors.js';
import { HI, LO } from './float-bits.js';
import { varintBits } from './residual-bits.js';
import { chooseCode, readColumnHeader, writeColumn } from './residual-coder.js';
import { readResiduals } from './residual-decode.js';
import { readVarint, writeVarint } from './varint.js';
import { TWO_32 } from './xor-format.js';

/**
 * The value column of a dense2 chunk (docs/format/dense2-chunk.md), in one of three modes:
 * - 0, 1, 3: short decimals as integers `m = v · 10^scale` (dense-chunk.ts), residuals the
 *   deltas (mode 0), deltas of deltas (mode 1, first delta as a varint) of `m`, or `m` less a
 *   level (mode 3, the median: noise around a level costs its own width, not a delta's);
 * - 2: any float64, as deltas of its bits read as a signed 64-bit integer key (negative floats
 *   mirrored, so keys grow with the value): full-precision measurements that move a little
 *   keep their high bits, and the delta is about as wide as the change in units of the last
 *   place. A delta of 2^51 or more (a sign flip, NaN) is written whole, as the float's bits.
 */

const MODE_BITS = 2;
const DOD = 1;
const FLOAT = 2;
const LEVEL = 3;
const SCALE_BITS = 4;
/** Keys whose delta reaches this are written whole (a delta of deltas stays exact). */
const MAX_KEY_DELTA = 2 ** 51;
const MAX_M = 2 ** 53;
/** 2^−32: a product by it is exact, and cheaper than a division by 2^32. */
const TWO_MINUS_32 = 2 ** -32;

function decimalPlan(vs: Float64Array, from: number, n: number): ColumnPlan | undefined {
  const column = decimalColumn(vs, from, n);
  if (column === undefined) return undefined;
  const { scale, multiply, ms, patches } = column;
  const deltas = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) deltas[i - 1] = ms[i]! - ms[i - 1]!;
  const dods = new Float64Array(Math.max(0, n - 2));
  for (let i = 2; i < n; i++) dods[i - 2] = deltas[i - 1]! - deltas[i - 2]!;
  const patched = 1 + patchBits(patches);
  const head = MODE_BITS + SCALE_BITS + patched + varintBits(ms[0]!);
  const byDelta = deltas.length > 0 ? chooseCode(deltas) : undefined;
  const byDod = dods.length > 0 ? chooseCode(dods) : undefined;
  // Noise around a level: only worth a try when deltas cost a few bits each.
  const tryLevel = byDelta === undefined || byDelta.bits > 4 * n;
  const level = tryLevel ? ms.slice().sort()[n >> 1]! : 0;
  const levels = ms.map((m) => m - level);
  const byLevel = tryLevel ? chooseCode(levels) : undefined;
  const sizes = [
    head + (byDelta?.bits ?? 0),
    byDod === undefined ? Infinity : head + varintBits(deltas[0]!) + byDod.bits,
    Infinity,
    byLevel === undefined ? Infinity : MODE_BITS + SCALE_BITS + patched + varintBits(level) + byLevel.bits,
  ];
  const mode = sizes.indexOf(Math.min(...sizes));
  return {
    bits: sizes[mode]!,
    write(w) {
      w.writeBits(mode, MODE_BITS);
      w.writeBits(scale, SCALE_BITS);
      w.writeBit(multiply ? 1 : 0);
      writePatches(w, vs, from, patches);
      if (mode === LEVEL) {
        writeVarint(w, level);
        writeColumn(w, byLevel!);
        return;
      }
      writeVarint(w, ms[0]!);
      if (mode === DOD) {
        writeVarint(w, deltas[0]!);
        writeColumn(w, byDod!);
      } else if (byDelta !== undefined) writeColumn(w, byDelta);
    },
  };
}

/** Float bits as a sortable signed key split in halves: `key = hi · 2^32 + lo`, `lo` unsigned. */
function keyHi(hi: number): number {
  return hi >= 0x80000000 ? -(hi - 0x80000000) - 1 : hi;
}

function keyLo(hi: number, lo: number): number {
  return hi >= 0x80000000 ? TWO_32 - 1 - lo : lo;
}

function floatPlan(vs: Float64Array, from: number, n: number): ColumnPlan {
  const bits = new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2);
  const rs = new Float64Array(n - 1);
  let kh = keyHi(bits[2 * from + HI]!);
  let kl = keyLo(bits[2 * from + HI]!, bits[2 * from + LO]!);
  for (let i = 1; i < n; i++) {
    const hi = bits[2 * (from + i) + HI]!;
    const h = keyHi(hi);
    const l = keyLo(hi, bits[2 * (from + i) + LO]!);
    const d = (h - kh) * TWO_32 + (l - kl);
    rs[i - 1] = Math.abs(h - kh) < 2 ** 20 && Math.abs(d) < MAX_KEY_DELTA ? d : NaN;
    kh = h;
    kl = l;
  }
  const code = n > 1 ? chooseCode(rs) : undefined;
  return {
    bits: MODE_BITS + 64 + (code?.bits ?? 0),
    write(w) {
      w.writeBits(FLOAT, MODE_BITS);
      w.writeBits(bits[2 * from + HI]!, 32);
      w.writeBits(bits[2 * from + LO]!, 32);
      if (code === undefined) return;
      writeColumn(w, code, (i) => {
        w.writeBits(bits[2 * (from + i + 1) + HI]!, 32);
        w.writeBits(bits[2 * (from + i + 1) + LO]!, 32);
      });
    },
  };
}

/** The smaller value column for samples `[from, from + n)`; the float mode takes any values. */
export function planValues(vs: Float64Array, from: number, n: number): ColumnPlan {
  const decimal = decimalPlan(vs, from, n);
  // Decimals under two bits a sample move by small integers: their float bits cannot do better.
  if (decimal !== undefined && decimal.bits <= 2 * n + 64) return decimal;
  const float = floatPlan(vs, from, n);
  return decimal !== undefined && decimal.bits <= float.bits ? decimal : float;
}

/** Residuals and absolute payloads of one column (decoding is synchronous: one scratch serves all). */
const scratch = new Float64Array(0xffff);
const absolute = new Uint32Array(2 * 0xffff);

function readDecimals(r: BitReader, vs: Float64Array, at: number, count: number, mode: number): void {
  const scale = r.readBits(SCALE_BITS);
  if (scale > MAX_SCALE) throw new CorruptChunkError(`cannot decode dense2 chunk: scale ${scale}`);
  const multiply = r.readBit() === 1;
  const patches = readPatches(r, count);
  let m = readVarint(r);
  if (mode === LEVEL) {
    readResiduals(r, readColumnHeader(r, count), scratch, count);
    for (let i = 0; i < count; i++) vs[at + i] = checked(m + scratch[i]!, i, scale, multiply);
    applyPatches(vs, at, patches);
    return;
  }
  vs[at] = checked(m, 0, scale, multiply);
  if (count < 2) {
    applyPatches(vs, at, patches);
    return;
  }
  const dod = mode === DOD;
  let delta = dod ? readVarint(r) : 0;
  const n = dod ? count - 2 : count - 1;
  if (n > 0) readResiduals(r, readColumnHeader(r, n), scratch, n);
  for (let i = 1, j = dod ? -1 : 0; i < count; i++, j++) {
    if (!dod) delta = scratch[j]!;
    else if (j >= 0) delta += scratch[j]!;
    m += delta;
    vs[at + i] = checked(m, i, scale, multiply);
  }
  applyPatches(vs, at, patches);
}

/** The value of integer `m` at `scale`, once `m` is known to be in the encoder's range. */
function checked(m: number, i: number, scale: number, multiply: boolean): number {
  if (!(Math.abs(m) < MAX_M))
    throw new CorruptChunkError(`cannot decode dense2 chunk: value ${m} at sample ${i}`);
  return decimalValue(m, scale, multiply);
}

function readFloats(r: BitReader, vs: Float64Array, at: number, count: number): void {
  const bits = new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2);
  let hi = r.readBits(32);
  let lo = r.readBits(32);
  bits[2 * at + HI] = hi;
  bits[2 * at + LO] = lo;
  if (count < 2) return;
  let kh = keyHi(hi);
  let kl = keyLo(hi, lo);
  readResiduals(r, readColumnHeader(r, count - 1), scratch, count - 1, absolute);
  for (let i = at + 1; i < at + count; i++) {
    const d = scratch[i - at - 1]!;
    if (d !== d) {
      hi = absolute[2 * (i - at - 1)]!;
      lo = absolute[2 * (i - at - 1) + 1]!;
      kh = keyHi(hi);
      kl = keyLo(hi, lo);
    } else {
      // |d| < 2^53 - 2^32 in a valid chunk, so the sum is exact; split it into a carry and a low half.
      const low = kl + d;
      const carry = Math.floor(low * TWO_MINUS_32);
      kl = low - carry * TWO_32;
      kh += carry;
      if (kh < -0x80000000 || kh > 0x7fffffff)
        throw new CorruptChunkError(`cannot decode dense2 chunk: float key out of range at sample ${i - at}`);
      hi = kh >= 0 ? kh : -kh - 1 + 0x80000000;
      lo = kh >= 0 ? kl : TWO_32 - 1 - kl;
    }
    bits[2 * i + HI] = hi;
    bits[2 * i + LO] = lo;
  }
}

/** Reads the column into `vs[at, at + count)`. */
export function readValues(r: BitReader, vs: Float64Array, at: number, count: number): void {
  const mode = r.readBits(MODE_BITS);
  if (mode === FLOAT) readFloats(r, vs, at, count);
  else readDecimals(r, vs, at, count, mode);
}

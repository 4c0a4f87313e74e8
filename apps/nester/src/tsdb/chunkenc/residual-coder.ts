import type { BitReader } from './bit-reader.js';
import type { BitWriter } from './bit-writer.js';
import { boundedCode, MAX_BOUNDED_RANGE, writeBounded } from './bounded-code.js';
import type { BoundedCode } from './bounded-code.js';
import { CorruptChunkError } from './errors.js';
import { bitWidth, uvarintBits, writeWide, zigzag } from './residual-bits.js';
import { readUvarint, readVarint, writeUvarint } from './varint.js';

/**
 * The codes of a column of integer residuals in a dense2 chunk (docs/format/dense2-chunk.md),
 * chosen per column by size, after a 2-bit selector:
 * - zero: every residual 0, nothing more (timestamps on their grid, a constant);
 * - bounded (bounded-code.ts): a range written in truncated binary, with listed exceptions;
 * - Rice: zig-zag `z` as `z >> k` in unary and the low `k` bits; quotients of `RICE_ESCAPE` or
 *   more are written as an escape, a 6-bit width and `z` itself, so outliers cost their width.
 *   Width 63 after an escape is an "absolute" residual whose meaning the column gives (a float
 *   key written whole); only the caller can write or read its payload.
 * Residuals are integers held in doubles: |r| < 2^53 (zig-zag < 2^54); NaN marks an absolute one.
 */

/** Unary quotients at and above this are escaped; a reader peeks this many bits plus one. */
export const RICE_ESCAPE = 20;
/** Width code after an escape: an absolute residual follows, written by the column. */
export const ABSOLUTE_WIDTH = 63;
const WIDTH_BITS = 6;
const MAX_WIDTH = 54;
const POW2 = Array.from({ length: 64 }, (_, k) => 2 ** k);
/** 2^−k: a product by it is exact and cheaper than a division. */
const INV_POW2 = Array.from({ length: 64 }, (_, k) => 2 ** -k);

export interface RiceCode {
  readonly type: 'rice';
  readonly k: number;
  readonly bits: number;
}

/** Every residual 0: a timestamp exactly on its grid, a value that does not change. */
export interface ZeroCode {
  readonly type: 'zero';
  readonly bits: number;
}

export type ColumnCode = ZeroCode | BoundedCode | RiceCode;

const ZERO: ZeroCode = { type: 'zero', bits: 2 };
/** The 2-bit selector that starts a column. */
const SELECT_ZERO = 0b00;
const SELECT_BOUNDED = 0b01;
const SELECT_LISTED = 0b10;
const SELECT_RICE = 0b11;

/** Bits of the residuals in Rice codes of parameters `k0 … k0 + 4`, in one pass, into `out`. */
function riceBits5(rs: Float64Array, from: number, to: number, k0: number, out: Float64Array): void {
  out.fill(2 + WIDTH_BITS);
  for (let i = from; i < to; i++) {
    const r = rs[i]!;
    if (r !== r) {
      for (let j = 0; j < 5; j++) out[j]! += RICE_ESCAPE + WIDTH_BITS + 64;
      continue;
    }
    const z = r >= 0 ? 2 * r : -2 * r - 1;
    for (let j = 0; j < 5; j++) {
      const k = k0 + j;
      const q = Math.floor(z * INV_POW2[k]!);
      out[j]! += q < RICE_ESCAPE ? q + 1 + k : RICE_ESCAPE + WIDTH_BITS + bitWidth(z);
    }
  }
}

function riceCost(rs: Float64Array, from: number, to: number): RiceCode {
  let sum = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    const r = rs[i]!;
    if (Number.isNaN(r)) continue;
    sum += zigzag(r);
    n++;
  }
  // The best k of a geometric source is near log2 of its mean; outliers pull the mean up, so
  // the window of five sizes slides down (or up) while its best is at an edge.
  const guess = n === 0 || sum === 0 ? 0 : bitWidth(Math.floor(sum / n)) - 1;
  let k0 = Math.max(0, Math.min(MAX_WIDTH - 4, guess - 2));
  const sizes = new Float64Array(5);
  // The window only ever slides one way, so the search ends (at most 55 values of k).
  let direction = 0;
  for (;;) {
    riceBits5(rs, from, to, k0, sizes);
    let j = 0;
    for (let t = 1; t < 5; t++) if (sizes[t]! < sizes[j]!) j = t;
    if (j === 0 && k0 > 0 && direction <= 0) {
      direction = -1;
      k0 = Math.max(0, k0 - 4);
    } else if (j === 4 && k0 < MAX_WIDTH - 4 && direction >= 0) {
      direction = 1;
      k0 = Math.min(MAX_WIDTH - 4, k0 + 4);
    } else return { type: 'rice', k: k0 + j, bits: sizes[j]! };
  }
}

/** A column ready to write: residuals divided by their common unit, and the smaller code. */
export interface Column {
  readonly code: ColumnCode;
  /** Greatest common divisor of the residuals (1 when none above 1): bytes in pages, for one. */
  readonly unit: number;
  readonly residuals: Float64Array;
  /** Exact size in bits, header included. */
  readonly bits: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Greatest common divisor of the finite residuals (integers, |r| < 2^53), at least 1. */
function unitOf(rs: Float64Array): number {
  let g = 0;
  for (let i = 0; i < rs.length && g !== 1; i++) {
    const r = rs[i]!;
    if (r === r) g = gcd(Math.abs(r), g);
  }
  return Math.max(1, g);
}

/** The column of residuals `rs`: divided by their unit, in the smaller code. */
export function chooseCode(rs: Float64Array): Column {
  if (rs.every((r) => r === 0)) return { code: ZERO, unit: 1, residuals: rs, bits: 2 };
  const unit = unitOf(rs);
  const residuals = unit === 1 ? rs : rs.map((r) => r / unit);
  const bounded = boundedCode(residuals, 0, residuals.length);
  // A Rice code costs at least a bit a residual and its header: below that, it cannot win.
  const rice =
    bounded !== undefined && bounded.bits <= 2 + WIDTH_BITS + residuals.length
      ? undefined
      : riceCost(residuals, 0, residuals.length);
  const code = rice === undefined || (bounded !== undefined && bounded.bits <= rice.bits) ? bounded! : rice;
  return { code, unit, residuals, bits: code.bits + 1 + (unit > 1 ? uvarintBits(unit - 2) : 0) };
}

/**
 * Writes a column: its unit (a flag bit, then the unit less 2 when above 1), its code's header
 * and its residuals; `absolute(i)` writes the 64-bit payload of the absolute residual `i` (NaN),
 * which only a Rice code carries.
 */
export function writeColumn(w: BitWriter, column: Column, absolute?: (i: number) => void): void {
  const { code, residuals: rs } = column;
  const selector =
    code.type === 'zero'
      ? SELECT_ZERO
      : code.type === 'rice'
        ? SELECT_RICE
        : code.exceptions > 0
          ? SELECT_LISTED
          : SELECT_BOUNDED;
  w.writeBits(selector, 2);
  if (code.type === 'zero') return;
  w.writeBit(column.unit > 1 ? 1 : 0);
  if (column.unit > 1) writeUvarint(w, column.unit - 2);
  const from = 0;
  const to = rs.length;
  if (code.type === 'bounded') {
    writeBounded(w, code, rs, from, to);
    return;
  }
  w.writeBits(code.k, WIDTH_BITS);
  const div = POW2[code.k]!;
  for (let i = from; i < to; i++) {
    const r = rs[i]!;
    if (Number.isNaN(r)) {
      w.writeBits(POW2[RICE_ESCAPE]! - 1, RICE_ESCAPE);
      w.writeBits(ABSOLUTE_WIDTH, WIDTH_BITS);
      if (absolute === undefined) throw new RangeError('cannot write an absolute residual here');
      absolute(i);
      continue;
    }
    const z = zigzag(r);
    const q = Math.floor(z / div);
    if (q < RICE_ESCAPE) {
      // q ones and a zero: q + 1 bits, at most 21.
      w.writeBits(POW2[q + 1]! - 2, q + 1);
      writeWide(w, z - q * div, code.k);
    } else {
      const width = bitWidth(z);
      w.writeBits(POW2[RICE_ESCAPE]! - 1, RICE_ESCAPE);
      w.writeBits(width, WIDTH_BITS);
      writeWide(w, z, width);
    }
  }
}

/**
 * A column's code as read back: bounded with `min`/`range` (and `exceptions` listed in
 * `exceptionAt`/`exceptionValue`), or Rice with `k`.
 */
export interface ColumnReader {
  readonly rice: boolean;
  readonly min: number;
  readonly range: number;
  /** Rice k, or for bounded the width b of the truncated binary code. */
  readonly k: number;
  /** Bounded: values below this take `k - 1` bits. */
  readonly cut: number;
  readonly exceptions: number;
  /** What every residual is multiplied by once read. */
  readonly unit: number;
}

const ZERO_READER: ColumnReader = { rice: false, min: 0, range: 1, k: 0, cut: 0, exceptions: 0, unit: 1 };

/**
 * Indexes and values of the last bounded column header's exceptions (reading is synchronous:
 * a header is always followed by its residuals before the next header).
 */
export const exceptionAt = new Uint32Array(0xffff);
export const exceptionValue = new Float64Array(0xffff);

/** Reads a column's header; `n` is how many residuals follow (exceptions are among them). */
export function readColumnHeader(r: BitReader, n: number): ColumnReader {
  const selector = r.readBits(2);
  if (selector === SELECT_ZERO) return ZERO_READER;
  const unit = r.readBit() === 1 ? readUvarint(r) + 2 : 1;
  if (selector !== SELECT_RICE) {
    const listed = selector === SELECT_LISTED;
    const min = readVarint(r);
    const range = readUvarint(r) + 1;
    const exceptions = listed ? readUvarint(r) + 1 : 0;
    if (range > MAX_BOUNDED_RANGE || exceptions > n)
      throw new CorruptChunkError(
        `cannot decode dense2 chunk: bounded range ${range}, ${exceptions} exceptions of ${n}`,
      );
    let at = -1;
    for (let e = 0; e < exceptions; e++) {
      at += readUvarint(r) + 1;
      if (at >= n) throw new CorruptChunkError(`cannot decode dense2 chunk: exception at ${at} of ${n}`);
      exceptionAt[e] = at;
      exceptionValue[e] = readVarint(r);
    }
    const b = range <= 1 ? 0 : bitWidth(range - 1);
    return { rice: false, min, range, k: b, cut: POW2[b]! - range, exceptions, unit };
  }
  const k = r.readBits(WIDTH_BITS);
  if (k > MAX_WIDTH) throw new CorruptChunkError(`cannot decode dense2 chunk: Rice parameter ${k}`);
  return { rice: true, min: 0, range: 0, k, cut: 0, exceptions: 0, unit };
}

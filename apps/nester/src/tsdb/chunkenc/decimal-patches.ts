import type { BitReader } from './bit-reader.js';
import type { BitWriter } from './bit-writer.js';
import { MAX_SCALE, POW10 } from './dense-chunk.js';
import { CorruptChunkError } from './errors.js';
import { HI, LO } from './float-bits.js';
import { uvarintBits } from './residual-bits.js';
import { readUvarint, writeUvarint } from './varint.js';

/**
 * The integers of a decimal value column (dense2-chunk.md), and its patches: the few values
 * with no short decimal form — a staleness marker, NaN, ±Inf, -0, a full-precision outlier —
 * written whole (64 bits) and taking, in the integer stream, the integer the two samples before
 * them predict (so a counter's deltas go on unbroken). Without patches, one staleness marker at the end of a series
 * would push 480 samples of a counter into the float mode.
 */

/** Bound of `|m|` (as the first dense encoding): deltas of deltas stay exact doubles. */
const MAX_MANTISSA = 2 ** 50;

export interface DecimalColumn {
  readonly scale: number;
  /** Values are `m · 10^−scale` (a product by the double nearest 10^−scale), not `m / 10^scale`. */
  readonly multiply: boolean;
  /** `m_i`, with a patched sample holding the integer its predecessors predict. */
  readonly ms: Float64Array;
  /** Indexes of patched samples, increasing. */
  readonly patches: readonly number[];
}

/** The doubles nearest 10^−s: what a program that scales by multiplying uses (`ms * 0.001`). */
const INV10 = [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9];

/** The value of integer `m` at `scale`: what the decoder computes, and what the encoder checks. */
export function decimalValue(m: number, scale: number, multiply: boolean): number {
  return scale === 0 ? m : multiply ? m * INV10[scale]! : m / POW10[scale]!;
}

/** Smallest scale from `from` at which `v` is `decimalValue(m, s, multiply)`; -1 if none. */
function scaleOf(v: number, from: number, multiply: boolean): number {
  if (!Number.isFinite(v) || Object.is(v, -0)) return -1;
  for (let s = from; s <= MAX_SCALE; s++) {
    const m = Math.round(v * POW10[s]!);
    if (Math.abs(m) < MAX_MANTISSA && decimalValue(m, s, multiply) === v) return s;
  }
  return -1;
}

function columnOf(vs: Float64Array, from: number, n: number, multiply: boolean): DecimalColumn | undefined {
  let scale = 0;
  for (let i = from; i < from + n; i++) {
    const s = scaleOf(vs[i]!, scale, multiply);
    if (s >= 0) scale = s;
  }
  const ms = new Float64Array(n);
  const patches: number[] = [];
  let first = -1;
  for (let i = 0; i < n; i++) {
    const v = vs[from + i]!;
    const m = Math.round(v * POW10[scale]!);
    // NaN and ±Inf fail the check; -0 would come back as +0; integers stay under 2^50 so that
    // deltas of deltas are exact.
    if (decimalValue(m, scale, multiply) === v && !Object.is(v, -0) && Math.abs(m) < MAX_MANTISSA) {
      ms[i] = m;
      if (first < 0) first = i;
    } else {
      patches.push(i);
      // The trend of the two samples before: a counter's deltas go on unbroken.
      // Patches before the first decimal take its integer, set below (NaN until then).
      const prev = i > 0 ? ms[i - 1]! : NaN;
      const before = i > 1 ? ms[i - 2]! : NaN;
      const next = before === before ? 2 * prev - before : prev;
      ms[i] = Math.abs(next) < MAX_MANTISSA ? next : prev;
    }
  }
  if (first < 0) return undefined;
  for (let i = 0; i < first; i++) ms[i] = ms[first]!;
  return { scale, multiply, ms, patches };
}

/**
 * The integers of `vs[from, from + n)` at the smallest scale shared by its decimal values, as
 * quotients `m / 10^s` or, when that leaves fewer patches, products `m · 10^−s` (a counter of
 * milliseconds scaled by `* 0.001` reads 398.29200000000003, which no quotient gives);
 * undefined when no value has a short decimal form.
 */
export function decimalColumn(vs: Float64Array, from: number, n: number): DecimalColumn | undefined {
  const divided = columnOf(vs, from, n, false);
  if (divided !== undefined && divided.patches.length === 0) return divided;
  const multiplied = columnOf(vs, from, n, true);
  if (multiplied === undefined) return divided;
  return divided === undefined || multiplied.patches.length < divided.patches.length ? multiplied : divided;
}

/** Bits of the patch list (its flag included). */
export function patchBits(patches: readonly number[]): number {
  if (patches.length === 0) return 1;
  let bits = 1 + uvarintBits(patches.length - 1);
  let last = -1;
  for (const at of patches) {
    bits += uvarintBits(at - last - 1) + 64;
    last = at;
  }
  return bits;
}

/** Writes the patch list: a flag, the count less one, then each gap and the value's 64 bits. */
export function writePatches(w: BitWriter, vs: Float64Array, from: number, patches: readonly number[]): void {
  w.writeBit(patches.length > 0 ? 1 : 0);
  if (patches.length === 0) return;
  writeUvarint(w, patches.length - 1);
  const bits = new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2);
  let last = -1;
  for (const at of patches) {
    writeUvarint(w, at - last - 1);
    w.writeBits(bits[2 * (from + at) + HI]!, 32);
    w.writeBits(bits[2 * (from + at) + LO]!, 32);
    last = at;
  }
}

/** Patches of the column being read (reading is synchronous: one list serves every chunk). */
const patchAt = new Uint32Array(0xffff);
const patchHalves = new Uint32Array(2 * 0xffff);

/** Reads a patch list of a column of `count` values; returns how many patches. */
export function readPatches(r: BitReader, count: number): number {
  if (r.readBit() === 0) return 0;
  const n = readUvarint(r) + 1;
  if (n > count) throw new CorruptChunkError(`cannot decode dense2 chunk: ${n} patches in ${count} values`);
  let at = -1;
  for (let p = 0; p < n; p++) {
    at += readUvarint(r) + 1;
    if (at >= count) throw new CorruptChunkError(`cannot decode dense2 chunk: patch at ${at} of ${count}`);
    patchAt[p] = at;
    patchHalves[2 * p] = r.readBits(32);
    patchHalves[2 * p + 1] = r.readBits(32);
  }
  return n;
}

/** Overwrites the `n` patched values read last into `vs` (the column starts at `at`). */
export function applyPatches(vs: Float64Array, at: number, n: number): void {
  if (n === 0) return;
  const bits = new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2);
  for (let p = 0; p < n; p++) {
    const i = at + patchAt[p]!;
    bits[2 * i + HI] = patchHalves[2 * p]!;
    bits[2 * i + LO] = patchHalves[2 * p + 1]!;
  }
}

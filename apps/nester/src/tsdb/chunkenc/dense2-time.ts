import type { BitReader } from './bit-reader.js';
import type { BitWriter } from './bit-writer.js';
import { sortedResiduals } from './bounded-code.js';
import { CorruptChunkError } from './errors.js';
import { varintBits } from './residual-bits.js';
import { chooseCode, readColumnHeader, writeColumn } from './residual-coder.js';
import { readResiduals } from './residual-decode.js';
import { readUvarint, readVarint, writeUvarint, writeVarint } from './varint.js';

/**
 * The timestamp column of a dense2 chunk (docs/format/dense2-chunk.md), after `t0`: either
 * deltas of deltas (mode 0: the first delta as a varint, then residuals), or offsets from a
 * regular grid (mode 1: step and phase as varints, then each timestamp's distance from its
 * predicted grid point). A scrape loop timestamps on a grid and is late by a jitter that does
 * not accumulate: from the grid a jittered timestamp costs its jitter, as a delta of deltas it
 * costs the sum of three. A skipped scrape is one outlier: the grid point snaps to the nearest.
 */

/** Residuals beyond this are not encoded (their zig-zag must stay an exact double). */
const MAX_RESIDUAL = 2 ** 51;

/** A column ready to write: its size in bits and how to write it. */
export interface ColumnPlan {
  readonly bits: number;
  write(w: BitWriter): void;
}

function median(xs: Float64Array): number {
  // Regular scrapes: every delta (or offset) the same, no sort needed.
  if (xs.every((x) => x === xs[0])) return xs[0] ?? 0;
  const sorted = sortedResiduals(xs, 0, xs.length) ?? Float64Array.from(xs).sort();
  return sorted[sorted.length >> 1] ?? 0;
}

function dodPlan(ts: Float64Array, from: number, n: number): ColumnPlan | undefined {
  const rs = new Float64Array(Math.max(0, n - 2));
  const d1 = n >= 2 ? ts[from + 1]! - ts[from]! : 0;
  for (let i = 2; i < n; i++) {
    const r = ts[from + i]! - 2 * ts[from + i - 1]! + ts[from + i - 2]!;
    if (Math.abs(r) > MAX_RESIDUAL) return undefined;
    rs[i - 2] = r;
  }
  const code = rs.length > 0 ? chooseCode(rs) : undefined;
  return {
    bits: 1 + (n >= 2 ? varintBits(d1) : 0) + (code?.bits ?? 0),
    write(w) {
      w.writeBit(0);
      if (n >= 2) writeVarint(w, d1);
      if (code !== undefined) writeColumn(w, code);
    },
  };
}

/** Residuals from the grid of `step` and `phase`; undefined when one is too large. */
function gridResiduals(ts: Float64Array, from: number, n: number, step: number, phase: number) {
  const rs = new Float64Array(n - 1);
  let a = ts[from]!;
  for (let i = 1; i < n; i++) {
    const p = a + step;
    const r = ts[from + i]! - p - phase;
    if (Math.abs(r) > MAX_RESIDUAL) return undefined;
    rs[i - 1] = r;
    a = p + step * Math.round(r / step);
  }
  return rs;
}

/**
 * How far each timestamp after t0 lies from t0's grid, modulo the step, taken near the first
 * one's offset (offsets wrap around: jitter of −3 ms is 14 997 ms past the previous point).
 * t0 lies off the grid by its own jitter — or by seconds, when the scrape loop started late —
 * and the median of these, the phase, moves the grid onto the others.
 */
function gridOffsets(ts: Float64Array, from: number, n: number, step: number): Float64Array {
  const mod = (x: number): number => ((x % step) + step) % step;
  const centred = (d: number): number => (d >= step / 2 ? d - step : d);
  const pivot = centred(mod(ts[from + 1]! - ts[from]!));
  const out = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) {
    const d = mod(ts[from + i]! - ts[from]! - pivot);
    out[i - 1] = pivot + centred(d);
  }
  return out;
}

function gridPlanOf(ts: Float64Array, from: number, n: number, step: number): ColumnPlan | undefined {
  if (!(step >= 1) || step > MAX_RESIDUAL) return undefined;
  const phase = median(gridOffsets(ts, from, n, step));
  const near = gridPlanAt(ts, from, n, step, phase);
  // Whether t1 is the next grid point after t0 or the one after that is ambiguous when t0 is
  // seconds off the grid (a scrape loop that started late): the other reading is one step away.
  if (phase === 0 || (near !== undefined && near.bits <= 64)) return near;
  const far = gridPlanAt(ts, from, n, step, phase < 0 ? phase + step : phase - step);
  if (far === undefined) return near;
  return near === undefined || far.bits < near.bits ? far : near;
}

function gridPlanAt(
  ts: Float64Array,
  from: number,
  n: number,
  step: number,
  phase: number,
): ColumnPlan | undefined {
  if (Math.abs(phase) > MAX_RESIDUAL) return undefined;
  const rs = gridResiduals(ts, from, n, step, phase);
  if (rs === undefined) return undefined;
  const code = chooseCode(rs);
  return {
    bits: 1 + varintBits(step) + varintBits(phase) + code.bits,
    write(w) {
      w.writeBit(1);
      writeUvarint(w, step);
      writeVarint(w, phase);
      writeColumn(w, code);
    },
  };
}

/**
 * The grid column with the better of two steps: the median delta, and the span over the number
 * of median steps in it (jitter moves the median by a ms or two, and a step off by one ms costs
 * a residual that grows along the chunk).
 */
function gridPlan(ts: Float64Array, from: number, n: number): ColumnPlan | undefined {
  if (n < 3) return undefined;
  const deltas = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) deltas[i - 1] = ts[from + i]! - ts[from + i - 1]!;
  const step = median(deltas);
  const span = ts[from + n - 1]! - ts[from]!;
  const byMedian = gridPlanOf(ts, from, n, step);
  const spanStep = step >= 1 ? Math.round(span / Math.round(span / step)) : step;
  const bySpan = spanStep !== step ? gridPlanOf(ts, from, n, spanStep) : undefined;
  if (bySpan === undefined) return byMedian;
  return byMedian === undefined || bySpan.bits < byMedian.bits ? bySpan : byMedian;
}

/**
 * The smaller timestamp column for samples `[from, from + n)` (integer ms, strictly
 * increasing), or undefined when neither form can hold them.
 */
export function planTimes(ts: Float64Array, from: number, n: number): ColumnPlan | undefined {
  const grid = gridPlan(ts, from, n);
  // Timestamps on the grid cost only the header (8 bytes at most): deltas of deltas cannot do better.
  if (grid !== undefined && grid.bits <= 64) return grid;
  const dod = dodPlan(ts, from, n);
  if (grid === undefined) return dod;
  return dod === undefined || grid.bits < dod.bits ? grid : dod;
}

/** Timestamps are integers by construction (integer residuals), so only order and range are checked. */
function check(ts: Float64Array, i: number): void {
  const t = ts[i]!;
  if (!(t > ts[i - 1]!) || t > Number.MAX_SAFE_INTEGER)
    throw new CorruptChunkError(`cannot decode dense2 chunk: timestamp ${t} after ${ts[i - 1]}`);
}

/** Residuals of one column, decoded in bulk (decoding is synchronous: one scratch serves all). */
const scratch = new Float64Array(0xffff);

/** Reads the column into `ts[at + 1, at + count)`; `ts[at]` holds t0 already. */
export function readTimes(r: BitReader, ts: Float64Array, at: number, count: number): void {
  const end = at + count;
  if (r.readBit() === 0) {
    if (count < 2) return;
    let delta = readVarint(r);
    ts[at + 1] = ts[at]! + delta;
    check(ts, at + 1);
    if (count < 3) return;
    readResiduals(r, readColumnHeader(r, count - 2), scratch, count - 2);
    for (let i = at + 2; i < end; i++) {
      delta += scratch[i - at - 2]!;
      ts[i] = ts[i - 1]! + delta;
      check(ts, i);
    }
    return;
  }
  const step = readUvarint(r);
  const phase = readVarint(r);
  if (step < 1 || count < 3) throw new CorruptChunkError(`cannot decode dense2 chunk: grid of ${step} ms`);
  readResiduals(r, readColumnHeader(r, count - 1), scratch, count - 1);
  let a = ts[at]!;
  const half = step / 2;
  for (let i = at + 1; i < end; i++) {
    const p = a + step;
    const res = scratch[i - at - 1]!;
    ts[i] = p + phase + res;
    check(ts, i);
    // Math.round(res / step) is 0 exactly when -step/2 <= res < step/2: no division then.
    a = res >= half || res < -half ? p + step * Math.round(res / step) : p;
  }
}

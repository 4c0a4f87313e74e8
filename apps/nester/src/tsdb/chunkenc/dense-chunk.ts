import { BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import type { DecodedChunk } from './decode.js';
import { CorruptChunkError } from './errors.js';
import { bitWidth, readWide, unzigzag, writeWide, zigzag } from './residual-bits.js';
import { readVarint, writeVarint } from './varint.js';
import { CHUNK_HEADER_BYTES, MAX_CHUNK_SAMPLES } from './xor-format.js';

/**
 * The dense chunk encoding (docs/format/dense-chunk.md), used for sealed data at rest: values
 * that are decimals with few digits (most of what exporters report: counters in 1/100 s, bytes,
 * temperatures) become integers `m = v · 10^scale`, and both columns are written as deltas of
 * deltas (or deltas, for values, whichever is smaller) with a width chosen per chunk. A chunk
 * holding a NaN, ±Inf, -0 or a value without a short decimal form is not encoded so: `encodeDense`
 * returns undefined and the XOR encoding stays.
 */

/** Largest scale tried: 10^9 (nanoseconds, the finest unit exporters use). */
export const MAX_SCALE = 9;
/** Integers stay under 2^50, so deltas of deltas (4 × 2^50) remain exact doubles. */
const MAX_MANTISSA = 2 ** 50;
/** Timestamp deltas of deltas beyond this are not encoded densely (zig-zag must stay exact). */
const MAX_TIME_DOD = 2 ** 51;
const WIDTH_BITS = 6;
const SCALE_BITS = 4;
export const POW10 = Array.from({ length: MAX_SCALE + 1 }, (_, s) => 10 ** s);

/** The value of integer `m` at `scale`: what the decoder computes, and what the encoder checks. */
function valueOf(m: number, scale: number): number {
  return scale === 0 ? m : m / POW10[scale]!;
}

/** Smallest scale at which `v` is exactly `m / 10^scale` for an integer |m| < 2^50; -1 if none. */
function scaleOf(v: number, from: number): number {
  if (!Number.isFinite(v) || Object.is(v, -0)) return -1;
  for (let s = from; s <= MAX_SCALE; s++) {
    const m = Math.round(v * POW10[s]!);
    if (Math.abs(m) < MAX_MANTISSA && valueOf(m, s) === v) return s;
  }
  return -1;
}

/** Bit widths of residuals, counted: `hist[w]` residuals are `w` bits long (0 … 54). */
function widthHistogram(zs: readonly number[]): Uint32Array {
  const hist = new Uint32Array(55);
  for (const z of zs) hist[bitWidth(z)]!++;
  return hist;
}

/**
 * The inline width k minimising `sum(w <= k ? 1 + k : 1 + 6 + w)` over the residuals' widths,
 * and that size in bits; one pass over the histogram with running sums.
 */
function bestWidth(hist: Uint32Array): { k: number; bits: number } {
  let above = 0;
  let aboveBits = 0;
  for (let w = 1; w <= 54; w++) {
    above += hist[w]!;
    aboveBits += hist[w]! * (1 + WIDTH_BITS + w);
  }
  let atOrBelow = hist[0]!;
  let best = { k: 0, bits: atOrBelow + aboveBits };
  for (let k = 1; k <= 54 && above > 0; k++) {
    atOrBelow += hist[k]!;
    above -= hist[k]!;
    aboveBits -= hist[k]! * (1 + WIDTH_BITS + k);
    const bits = atOrBelow * (1 + k) + aboveBits;
    if (bits < best.bits) best = { k, bits };
  }
  return best;
}

/** A residual: `0` + k bits when it fits k bits, else `1`, its width in 6 bits, and the bits. */
function writeResiduals(w: BitWriter, zs: readonly number[], k: number): void {
  for (const z of zs) {
    const width = bitWidth(z);
    if (width <= k) {
      w.writeBit(0);
      writeWide(w, z, k);
    } else {
      w.writeBit(1);
      w.writeBits(width, WIDTH_BITS);
      writeWide(w, z, width);
    }
  }
}

function readResidual(r: BitReader, k: number): number {
  if (r.readBit() === 0) return readWide(r, k);
  const width = r.readBits(WIDTH_BITS);
  if (width > 54) throw new CorruptChunkError(`cannot decode dense chunk: residual of ${width} bits`);
  return readWide(r, width);
}

/**
 * Encodes samples `[from, to)` (timestamps `ts`, integer ms strictly increasing; values `vs`)
 * densely, or returns undefined when a value has no short decimal form or a gap is too large.
 */
export function encodeDense(
  ts: Float64Array,
  vs: Float64Array,
  from: number,
  to: number,
): Uint8Array | undefined {
  const n = to - from;
  if (n < 1 || n > MAX_CHUNK_SAMPLES) return undefined;
  let scale = 0;
  for (let i = from; i < to; i++) {
    scale = scaleOf(vs[i]!, scale);
    if (scale < 0) return undefined;
  }
  const ms = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    ms[i] = Math.round(vs[from + i]! * POW10[scale]!);
    if (valueOf(ms[i]!, scale) !== vs[from + i]) return undefined;
  }
  const tz: number[] = [];
  let delta = 0;
  for (let i = 1; i < n; i++) {
    const d = ts[from + i]! - ts[from + i - 1]!;
    if (Math.abs(d - delta) > MAX_TIME_DOD) return undefined;
    tz.push(zigzag(d - delta));
    delta = d;
  }
  const deltas: number[] = [];
  const dods: number[] = [];
  for (let i = 1; i < n; i++) {
    const d = ms[i]! - ms[i - 1]!;
    deltas.push(zigzag(d));
    dods.push(zigzag(i === 1 ? d : d - (ms[i - 1]! - ms[i - 2]!)));
  }
  const byDelta = bestWidth(widthHistogram(deltas));
  const byDod = bestWidth(widthHistogram(dods));
  const useDod = byDod.bits < byDelta.bits;
  const kt = bestWidth(widthHistogram(tz)).k;
  const kv = useDod ? byDod.k : byDelta.k;
  const w = new BitWriter(CHUNK_HEADER_BYTES + 16 + n);
  w.writeBits(0, CHUNK_HEADER_BYTES * 8);
  writeVarint(w, ts[from]!);
  w.writeBits(scale, SCALE_BITS);
  w.writeBit(useDod ? 1 : 0);
  w.writeBits(kt, WIDTH_BITS);
  w.writeBits(kv, WIDTH_BITS);
  writeVarint(w, ms[0]!);
  writeResiduals(w, tz, kt);
  writeResiduals(w, useDod ? dods : deltas, kv);
  w.setUint16LE(0, n);
  return w.bytes().slice();
}

/** Decodes a dense chunk; throws `CorruptChunkError` when it does not decode to its last byte. */
export function decodeDense(chunk: Uint8Array): DecodedChunk {
  if (chunk.length < CHUNK_HEADER_BYTES + 3)
    throw new CorruptChunkError(`cannot decode dense chunk: ${chunk.length} bytes`);
  const count = chunk[0]! | (chunk[1]! << 8);
  if (count === 0) throw new CorruptChunkError('cannot decode dense chunk: no samples');
  const r = new BitReader(chunk, CHUNK_HEADER_BYTES);
  const ts = new Float64Array(count);
  const vs = new Float64Array(count);
  ts[0] = readVarint(r);
  const scale = r.readBits(SCALE_BITS);
  const useDod = r.readBit() === 1;
  const kt = r.readBits(WIDTH_BITS);
  const kv = r.readBits(WIDTH_BITS);
  if (scale > MAX_SCALE || kt > 54 || kv > 54)
    throw new CorruptChunkError(`cannot decode dense chunk: scale ${scale}, widths ${kt}/${kv}`);
  let m = readVarint(r);
  vs[0] = valueOf(m, scale);
  let delta = 0;
  for (let i = 1; i < count; i++) {
    delta += unzigzag(readResidual(r, kt));
    ts[i] = ts[i - 1]! + delta;
    if (!(ts[i]! > ts[i - 1]!) || !Number.isSafeInteger(ts[i]))
      throw new CorruptChunkError(`cannot decode dense chunk: timestamp ${ts[i]} after ${ts[i - 1]}`);
  }
  let d = 0;
  for (let i = 1; i < count; i++) {
    const res = unzigzag(readResidual(r, kv));
    d = useDod && i > 1 ? d + res : res;
    m += d;
    vs[i] = valueOf(m, scale);
  }
  if (Math.ceil(r.bitPosition / 8) !== chunk.length)
    throw new CorruptChunkError(
      `cannot decode dense chunk: ${chunk.length} bytes, the samples end at byte ${Math.ceil(r.bitPosition / 8)}`,
    );
  return { count, ts, vs };
}

import { decodeChunkInto } from '../chunkenc/decode.js';
import { CHUNK_MIN_SAMPLES, encodeRun } from './chunk-policy.js';
import type { EncodedChunk } from './chunk-policy.js';
import type { SealedChunks } from './sealed-chunks.js';

/** Sorted samples with distinct timestamps: `ts[i]` in ms, `vs[i]` the value (bit-exact). */
export interface SampleRun {
  readonly ts: Float64Array;
  readonly vs: Float64Array;
}

/** Where a group of out-of-order samples `[from, to)` goes: it replaces chunks `[a, b)`. */
interface Cluster {
  a: number;
  b: number;
  readonly from: number;
  to: number;
}

/**
 * Merges two sorted runs with distinct timestamps, `x[xf, xt)` and `y[yf, yt)`, into a new run.
 * Values are copied as 32-bit halves, so no NaN payload is lost on the way.
 */
export function mergeRuns(
  x: SampleRun,
  xf: number,
  xt: number,
  y: SampleRun,
  yf: number,
  yt: number,
): SampleRun {
  const n = xt - xf + (yt - yf);
  const ts = new Float64Array(n);
  const vs = new Float64Array(n);
  const out = new Uint32Array(vs.buffer);
  const xb = new Uint32Array(x.vs.buffer, x.vs.byteOffset, x.vs.length * 2);
  const yb = new Uint32Array(y.vs.buffer, y.vs.byteOffset, y.vs.length * 2);
  let i = xf;
  let j = yf;
  for (let k = 0; k < n; k++) {
    const fromX = j >= yt || (i < xt && x.ts[i]! < y.ts[j]!);
    const src = fromX ? xb : yb;
    const at = fromX ? i++ : j++;
    ts[k] = (fromX ? x.ts : y.ts)[at]!;
    out[2 * k] = src[2 * at]!;
    out[2 * k + 1] = src[2 * at + 1]!;
  }
  return { ts, vs };
}

/** Decodes chunks `[a, b)` of `sealed` into one run. */
function decodeChunks(sealed: SealedChunks, a: number, b: number): SampleRun {
  let n = 0;
  for (let i = a; i < b; i++) n += sealed.countOf(i);
  const run = { ts: new Float64Array(n), vs: new Float64Array(n) };
  let at = 0;
  for (let i = a; i < b; i++) at += decodeChunkInto(sealed.bytesOf(i), run.ts, run.vs, at);
  return run;
}

/**
 * Groups out-of-order samples by the chunks they touch. A group ends where a whole chunk with
 * none of its samples lies between two samples, so untouched chunks are not re-encoded. Small
 * neighbouring chunks (under `CHUNK_MIN_SAMPLES`) join a group, so late data arriving in pieces
 * (a replay, batch after batch) ends up in full chunks rather than in slivers.
 */
function clusters(sealed: SealedChunks, ts: Float64Array, from: number, to: number): Cluster[] {
  const n = sealed.chunkCount;
  const out: Cluster[] = [];
  for (let k = from; k < to; k++) {
    const c = sealed.firstEndingAtOrAfter(ts[k]!);
    const covered = c < n && sealed.minTOf(c) <= ts[k]!;
    const last = out.at(-1);
    if (last !== undefined && c <= last.b) {
      last.to = k + 1;
      if (covered && c + 1 > last.b) last.b = c + 1;
      continue;
    }
    out.push({ a: c, b: covered ? c + 1 : c, from: k, to: k + 1 });
  }
  const merged: Cluster[] = [];
  for (const g of out) {
    if (g.a > 0 && sealed.countOf(g.a - 1) < CHUNK_MIN_SAMPLES) g.a--;
    if (g.b < n && sealed.countOf(g.b) < CHUNK_MIN_SAMPLES) g.b++;
    const prev = merged.at(-1);
    if (prev !== undefined && g.a < prev.b) {
      prev.b = Math.max(prev.b, g.b);
      prev.to = g.to;
    } else {
      merged.push(g);
    }
  }
  return merged;
}

/**
 * Merges out-of-order samples `ooo[from, to)` (sorted, none at a timestamp the chunks hold, all
 * `<= sealed.maxT`) into the sealed chunks, re-encoding only the chunks they fall into.
 */
export function mergeIntoSealed(sealed: SealedChunks, ooo: SampleRun, from: number, to: number): void {
  const groups = clusters(sealed, ooo.ts, from, to);
  // Last group first, so splicing it leaves the chunk indices of the earlier groups valid.
  for (let g = groups.length - 1; g >= 0; g--) {
    const { a, b, from: gf, to: gt } = groups[g]!;
    const old = decodeChunks(sealed, a, b);
    const run = mergeRuns(old, 0, old.ts.length, ooo, gf, gt);
    const chunks: EncodedChunk[] = [];
    encodeRun(run.ts, new Uint32Array(run.vs.buffer), 0, run.ts.length, chunks);
    sealed.splice(a, b, chunks);
  }
}

import { decodeAtRestInto, isAtRestKind } from '../../chunkenc/at-rest.js';
import { HI, LO } from '../../chunkenc/float-bits.js';
import { storeRun } from './at-rest-run.js';
import type { EncodeStats } from './at-rest-run.js';
import type { StoredChunk } from './file-writer.js';

/** A chunk of one source of a merge; `source` orders equal timestamps (the lowest wins). */
export interface SourceChunk extends StoredChunk {
  readonly source: number;
  /** The series' deleted ranges in its source (`[minT, maxT, …]`, inclusive): left out. */
  readonly deleted?: readonly number[] | undefined;
}

/** Thrown when a source chunk does not decode; the merge names the source's file. */
export class SourceChunkError extends Error {
  constructor(
    readonly source: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * One series' chunks from several sources, as the merged block stores them: time-ordered and
 * not overlapping, without deleted samples. A chunk that overlaps no other and loses nothing to
 * a deletion is kept as stored; a chunk wholly deleted is left out; the others (overlapping in
 * time bounds, or partly deleted) are decoded together, merged (a timestamp held twice keeps
 * the value of the lowest source), cleared of deleted samples and encoded again by `storeRun`.
 */
export function mergeSeriesChunks(chunks: readonly SourceChunk[], stats: EncodeStats): StoredChunk[] {
  const sorted = chunks
    .filter((c) => !within(c.deleted, c.minT, c.maxT))
    .sort((a, b) => a.minT - b.minT || a.source - b.source);
  const out: StoredChunk[] = [];
  let i = 0;
  while (i < sorted.length) {
    let end = i + 1;
    let maxT = sorted[i]!.maxT;
    while (end < sorted.length && sorted[end]!.minT <= maxT) maxT = Math.max(maxT, sorted[end++]!.maxT);
    const one = sorted[i]!;
    if (end === i + 1 && !touches(one.deleted, one.minT, one.maxT)) out.push(keep(one));
    else out.push(...mergeOverlapping(sorted.slice(i, end), stats));
    i = end;
  }
  return out;
}

/** True when one deleted range holds all of `minT..maxT`. */
function within(deleted: readonly number[] | undefined, minT: number, maxT: number): boolean {
  if (deleted === undefined) return false;
  for (let k = 0; k < deleted.length; k += 2) if (deleted[k]! <= minT && maxT <= deleted[k + 1]!) return true;
  return false;
}

/** True when some deleted range meets `minT..maxT`. */
function touches(deleted: readonly number[] | undefined, minT: number, maxT: number): boolean {
  if (deleted === undefined) return false;
  for (let k = 0; k < deleted.length; k += 2) if (deleted[k]! <= maxT && minT <= deleted[k + 1]!) return true;
  return false;
}

function keep(c: SourceChunk): StoredChunk {
  if (!isAtRestKind(c.kind))
    throw new SourceChunkError(c.source, `chunk ${c.minT}..${c.maxT} has unknown kind ${c.kind}`);
  return { kind: c.kind, bytes: c.bytes, minT: c.minT, maxT: c.maxT, count: c.count };
}

function mergeOverlapping(group: readonly SourceChunk[], stats: EncodeStats): StoredChunk[] {
  let total = 0;
  for (const c of group) total += c.count;
  const ts = new Float64Array(total);
  const vs = new Float64Array(total);
  const source = new Uint32Array(total);
  let n = 0;
  for (const c of group) {
    let got: number;
    try {
      got = decodeAtRestInto(c.kind, c.bytes, ts, vs, n);
    } catch (err) {
      throw new SourceChunkError(
        c.source,
        `chunk ${c.minT}..${c.maxT} does not decode: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    if (got !== c.count)
      throw new SourceChunkError(c.source, `chunk ${c.minT}..${c.maxT} holds ${got} samples, not ${c.count}`);
    source.fill(c.source, n, n + got);
    n = c.deleted === undefined ? n + got : dropDeleted(c.deleted, ts, vs, n, n + got);
  }
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => ts[a]! - ts[b]! || source[a]! - source[b]!);
  // Values move as bits (two u32 halves), so NaN payloads such as the staleness marker survive.
  const inBits = new Uint32Array(vs.buffer);
  const outTs = new Float64Array(n);
  const outBits = new Uint32Array(2 * n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const j = order[k]!;
    if (m > 0 && outTs[m - 1] === ts[j]) continue;
    outTs[m] = ts[j]!;
    outBits[2 * m + HI] = inBits[2 * j + HI]!;
    outBits[2 * m + LO] = inBits[2 * j + LO]!;
    m++;
  }
  const out: StoredChunk[] = [];
  if (m > 0) storeRun(outTs, outBits, 0, m, out, stats);
  return out;
}

/**
 * Moves the samples of `from..to` not in a deleted range down to the front of that span (values
 * as bits, so NaN payloads survive); returns the new end.
 */
function dropDeleted(
  deleted: readonly number[],
  ts: Float64Array,
  vs: Float64Array,
  from: number,
  to: number,
): number {
  const bits = new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2);
  let w = from;
  for (let r = from; r < to; r++) {
    const t = ts[r]!;
    let gone = false;
    for (let k = 0; k < deleted.length && !gone; k += 2) gone = deleted[k]! <= t && t <= deleted[k + 1]!;
    if (gone) continue;
    ts[w] = t;
    bits[2 * w] = bits[2 * r]!;
    bits[2 * w + 1] = bits[2 * r + 1]!;
    w++;
  }
  return w;
}

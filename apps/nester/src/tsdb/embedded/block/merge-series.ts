import { decodeAtRestInto, isAtRestKind } from '../../chunkenc/at-rest.js';
import { HI, LO } from '../../chunkenc/float-bits.js';
import { storeRun } from './at-rest-run.js';
import type { EncodeStats } from './at-rest-run.js';
import type { StoredChunk } from './file-writer.js';

/** A chunk of one source of a merge; `source` orders equal timestamps (the lowest wins). */
export interface SourceChunk extends StoredChunk {
  readonly source: number;
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
 * not overlapping. A chunk that overlaps no other is kept as stored; chunks that overlap (in
 * time bounds) are decoded together, merged (a timestamp held twice keeps the value of the
 * lowest source) and encoded again by `storeRun`.
 */
export function mergeSeriesChunks(chunks: readonly SourceChunk[], stats: EncodeStats): StoredChunk[] {
  const sorted = [...chunks].sort((a, b) => a.minT - b.minT || a.source - b.source);
  const out: StoredChunk[] = [];
  let i = 0;
  while (i < sorted.length) {
    let end = i + 1;
    let maxT = sorted[i]!.maxT;
    while (end < sorted.length && sorted[end]!.minT <= maxT) maxT = Math.max(maxT, sorted[end++]!.maxT);
    if (end === i + 1) out.push(keep(sorted[i]!));
    else out.push(...mergeOverlapping(sorted.slice(i, end), stats));
    i = end;
  }
  return out;
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
    n += got;
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
  storeRun(outTs, outBits, 0, m, out, stats);
  return out;
}

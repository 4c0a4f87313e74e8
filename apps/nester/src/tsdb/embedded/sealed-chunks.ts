import type { EncodedChunk } from './chunk-policy.js';

/** Per chunk in `meta`: minT, maxT (ms) and the end offset of its bytes in `data`. */
const STRIDE = 3;
const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_META = new Float64Array(0);

/** The sealed chunks of one series as of a snapshot: bytes `data[0, end)` never change after. */
export interface SealedSnapshot {
  readonly data: Uint8Array;
  readonly meta: Float64Array;
  readonly count: number;
}

/** Chunk `i` of a snapshot. */
export function snapshotChunk(snap: SealedSnapshot, i: number): EncodedChunk {
  const end = snap.meta[STRIDE * i + 2]!;
  const bytes = snap.data.subarray(i === 0 ? 0 : snap.meta[STRIDE * i - 1]!, end);
  const count = bytes[0]! | (bytes[1]! << 8);
  return { bytes, minT: snap.meta[STRIDE * i]!, maxT: snap.meta[STRIDE * i + 1]!, count };
}

/**
 * The sealed chunks of one series, time-ordered and non-overlapping, back to back in one byte
 * array with a table of their bounds: one allocation per series instead of one per chunk (a
 * typed array costs ~200 bytes of bookkeeping, more than a chunk of constant samples).
 *
 * Bytes are shared with checkpoint snapshots without copying: while a snapshot holds the array,
 * changes to written bytes (retention, out-of-order merges) go to a fresh array instead
 * (copy-on-write); appending past the end is always in place, as no snapshot sees it.
 */
export class SealedChunks {
  private data = EMPTY_BYTES;
  private used = 0;
  private meta = EMPTY_META;
  private n = 0;
  private total = 0;
  /** Snapshots holding the current `data`. */
  private holders = 0;

  /** Chunks held. */
  get chunkCount(): number {
    return this.n;
  }

  /** Samples in all chunks. */
  get samples(): number {
    return this.total;
  }

  /** Bytes of chunk data (not counting spare capacity). */
  get byteLength(): number {
    return this.used;
  }

  /** Bytes allocated for chunk data and the bounds table. */
  get capacity(): number {
    return this.data.length + this.meta.length * 8;
  }

  /** First timestamp (ms) of the first chunk, `Infinity` when none. */
  get minT(): number {
    return this.n === 0 ? Infinity : this.meta[0]!;
  }

  /** Last timestamp (ms) of the last chunk, `-Infinity` when none. */
  get maxT(): number {
    return this.n === 0 ? -Infinity : this.meta[STRIDE * (this.n - 1) + 1]!;
  }

  /** First timestamp (ms) of chunk `i`. */
  minTOf(i: number): number {
    return this.meta[STRIDE * i]!;
  }

  /** Last timestamp (ms) of chunk `i`. */
  maxTOf(i: number): number {
    return this.meta[STRIDE * i + 1]!;
  }

  /** Samples in chunk `i`, from its header. */
  countOf(i: number): number {
    const at = this.endOf(i - 1);
    return this.data[at]! | (this.data[at + 1]! << 8);
  }

  /** The bytes of chunk `i`: a view, valid until the next change of this series. */
  bytesOf(i: number): Uint8Array {
    return this.data.subarray(this.endOf(i - 1), this.endOf(i));
  }

  /** Index of the first chunk whose maxT is `>= t` (`chunkCount` when none). */
  firstEndingAtOrAfter(t: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.meta[STRIDE * mid + 1]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the chunk with `minT <= t <= maxT`, or -1. */
  indexCovering(t: number): number {
    const i = this.firstEndingAtOrAfter(t);
    return i < this.n && this.meta[STRIDE * i]! <= t ? i : -1;
  }

  /** Appends a chunk after all others (the caller keeps the order: `minT > maxT` of the last). */
  push(chunk: EncodedChunk): void {
    this.splice(this.n, this.n, [chunk]);
  }

  /** Drops the leading chunks whose samples are all before `cutoff` (ms); returns how many samples. */
  dropBefore(cutoff: number): number {
    let k = 0;
    while (k < this.n && this.meta[STRIDE * k + 1]! < cutoff) k++;
    if (k === 0) return 0;
    const before = this.total;
    this.splice(0, k, []);
    return before - this.total;
  }

  /**
   * Replaces chunks `[from, to)` with `chunks` (which must fit between the neighbours in time).
   * `chunks` may be views of this series' own bytes.
   */
  splice(from: number, to: number, chunks: readonly EncodedChunk[]): void {
    const start = this.endOf(from - 1);
    const oldEnd = this.endOf(to - 1);
    let removed = 0;
    for (let i = from; i < to; i++) removed += this.countOf(i);
    let addedBytes = 0;
    let addedSamples = 0;
    for (const c of chunks) {
      addedBytes += c.bytes.length;
      addedSamples += c.count;
    }
    const appendOnly = from === this.n;
    // Gathered first unless appending: the new chunks may be views of the bytes about to move.
    const mid = appendOnly && chunks.length === 1 ? chunks[0]!.bytes : concat(chunks, addedBytes);
    const used = this.used - (oldEnd - start) + addedBytes;
    // A snapshot may see bytes [0, used) but never beyond: only appends may write in place then.
    // A buffer left three quarters empty (by retention) is reallocated to give memory back.
    const fits = used <= this.data.length && used >= this.data.length / 4;
    if ((this.holders === 0 || appendOnly) && fits) {
      this.data.copyWithin(start + addedBytes, oldEnd, this.used);
    } else {
      const data = new Uint8Array(grownSize(this.data.length, used));
      data.set(this.data.subarray(0, start));
      data.set(this.data.subarray(oldEnd, this.used), start + addedBytes);
      this.data = data;
      this.holders = 0;
    }
    this.data.set(mid, start);
    this.used = used;
    this.total += addedSamples - removed;
    this.spliceMeta(from, to, chunks, start, addedBytes - (oldEnd - start));
  }

  /** A view of the chunks as they are now; `release` it when done so changes go in place again. */
  snapshot(): SealedSnapshot {
    this.holders++;
    return { data: this.data, meta: this.meta.slice(0, STRIDE * this.n), count: this.n };
  }

  /** Gives back a snapshot taken by `snapshot`. */
  release(snap: SealedSnapshot): void {
    if (snap.data === this.data && this.holders > 0) this.holders--;
  }

  /** End offset of chunk `i`'s bytes; 0 for `i = -1`. */
  private endOf(i: number): number {
    return i < 0 ? 0 : this.meta[STRIDE * i + 2]!;
  }

  private spliceMeta(
    from: number,
    to: number,
    chunks: readonly EncodedChunk[],
    start: number,
    shift: number,
  ): void {
    const n = this.n - (to - from) + chunks.length;
    const tail = from + chunks.length;
    let meta = this.meta;
    if (STRIDE * n > meta.length) {
      meta = new Float64Array(STRIDE * Math.max(4, n, Math.ceil(this.n * 1.5)));
      meta.set(this.meta.subarray(0, STRIDE * from));
      meta.set(this.meta.subarray(STRIDE * to, STRIDE * this.n), STRIDE * tail);
    } else {
      meta.copyWithin(STRIDE * tail, STRIDE * to, STRIDE * this.n);
    }
    for (let i = tail; i < n; i++) meta[STRIDE * i + 2] = meta[STRIDE * i + 2]! + shift;
    let end = start;
    for (let k = 0; k < chunks.length; k++) {
      const c = chunks[k]!;
      end += c.bytes.length;
      meta[STRIDE * (from + k)] = c.minT;
      meta[STRIDE * (from + k) + 1] = c.maxT;
      meta[STRIDE * (from + k) + 2] = end;
    }
    this.meta = meta;
    this.n = n;
  }
}

function concat(chunks: readonly EncodedChunk[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c.bytes, o);
    o += c.bytes.length;
  }
  return out;
}

/** Room for `needed` bytes, growing by a quarter so spare capacity stays small. */
function grownSize(current: number, needed: number): number {
  if (needed <= current / 4) return Math.max(needed, 64);
  return needed <= current ? current : Math.max(needed, 64, Math.ceil(current * 1.25));
}

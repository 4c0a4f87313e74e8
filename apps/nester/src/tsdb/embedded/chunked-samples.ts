import type { Sample } from '@seahawks/model';
import { decodeChunk, decodeChunkInto } from '../chunkenc/decode.js';
import { HI, LO } from '../chunkenc/float-bits.js';
import { XorChunkAppender } from '../chunkenc/xor-appender.js';
import { chunkCount, chunkHasSampleIn, findSample, found, mergeSamples, writeRange } from './chunk-scan.js';
import { encodeRun, sealAppender, shouldCut } from './chunk-policy.js';
import type { EncodedChunk } from './chunk-policy.js';
import { mergeIntoSealed, mergeRuns } from './ooo-merge.js';
import type { SampleRun } from './ooo-merge.js';
import { SampleBuffer } from './sample-buffer.js';
import type { AddOutcome } from './sample-buffer.js';
import { SealedChunks } from './sealed-chunks.js';
import type { SealedSnapshot } from './sealed-chunks.js';

/**
 * Out-of-order samples wait raw until this many, then are merged into the chunks (also when the
 * open chunk is sealed): merging re-encodes the chunks they fall into, so it is done in batches.
 */
export const OUT_OF_ORDER_BATCH = 120;

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** One series' samples frozen for a checkpoint; `open` is a copy, `sealed` shares bytes. */
export interface FrozenSamples {
  readonly sealed: SealedSnapshot;
  readonly open: EncodedChunk | undefined;
  readonly outOfOrder: SampleRun | undefined;
}

/** Compacts the first `n` samples of `ts`/`vs` to those outside `[minT, maxT]`; returns how many. */
function keepOutside(ts: Float64Array, vs: Float64Array, n: number, minT: number, maxT: number): number {
  const bits = new Uint32Array(vs.buffer, vs.byteOffset, 2 * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (t >= minT && t <= maxT) continue;
    ts[k] = t;
    // Bits, not numbers: a signalling NaN (the staleness marker) must keep its payload.
    bits[2 * k] = bits[2 * i]!;
    bits[2 * k + 1] = bits[2 * i + 1]!;
    k++;
  }
  return k;
}

/**
 * The samples of one series, compressed: sealed chunks (time-ordered, non-overlapping), one open
 * chunk that in-order samples are appended to, and a small raw buffer of out-of-order samples
 * (older than the newest, at a timestamp not taken) merged into the chunks in batches and, until
 * then, on every read. Timestamps are integer ms; values are kept bit-exact.
 */
export class ChunkedSamples {
  private readonly sealed = new SealedChunks();
  private open: XorChunkAppender | undefined;
  private ooo: SampleBuffer | undefined;
  /** Reads ignore samples before this (ms): retention drops whole chunks only. */
  private floor = -Infinity;

  get length(): number {
    return this.sealed.samples + (this.open?.count ?? 0) + (this.ooo?.length ?? 0);
  }

  /** Earliest timestamp held (retention may have hidden it), `Infinity` when empty. */
  get minT(): number {
    const open = this.open !== undefined && this.open.count > 0 ? this.open.minT : Infinity;
    return Math.min(this.sealed.minT, open, this.ooo?.minT ?? Infinity);
  }

  /** Latest timestamp, `-Infinity` when empty. */
  get maxT(): number {
    const open = this.open !== undefined && this.open.count > 0 ? this.open.maxT : -Infinity;
    return Math.max(this.sealed.maxT, open, this.ooo?.maxT ?? -Infinity);
  }

  /** Bytes allocated for samples: chunk data, bounds table, open chunk, raw out-of-order buffer. */
  get allocatedBytes(): number {
    return this.sealed.capacity + (this.open?.capacity ?? 0) + (this.ooo?.capacity ?? 0) * 16;
  }

  /** Sealed chunks (for tests and stats). */
  get sealedChunks(): number {
    return this.sealed.chunkCount;
  }

  /** Chunks held: sealed ones, plus the open chunk when it holds samples. */
  get chunkCount(): number {
    return this.sealed.chunkCount + ((this.open?.count ?? 0) > 0 ? 1 : 0);
  }

  /**
   * Adds a sample. After the newest it is appended to the open chunk (`appended`); otherwise
   * it is looked up: a taken timestamp is a `duplicate` (same bits) or a `conflict`, a free one
   * goes to the out-of-order buffer (`inserted`). Nothing changes for a duplicate or conflict.
   */
  add(t: number, v: number): AddOutcome {
    F64[0] = v;
    const hi = U32[HI]!;
    const lo = U32[LO]!;
    const open = this.open;
    const newest = open !== undefined && open.count > 0 ? open.maxT : this.sealed.maxT;
    if (t > newest) {
      if (this.appendOpen(t, hi, lo) && this.ooo !== undefined) this.fold();
      return 'appended';
    }
    if (this.lookUp(t)) return found.hi === hi && found.lo === lo ? 'duplicate' : 'conflict';
    const ooo = (this.ooo ??= new SampleBuffer());
    const outcome = ooo.add(t, v);
    if (outcome === 'duplicate' || outcome === 'conflict') return outcome;
    if (ooo.length >= OUT_OF_ORDER_BATCH) this.fold();
    return 'inserted';
  }

  /** Copies of the samples with `minT <= t <= maxT` (ms), in timestamp order. */
  range(minT: number, maxT: number): Sample[] {
    const lo = Math.max(minT, this.floor);
    if (lo > maxT) return [];
    const s = this.sealed;
    const first = s.firstEndingAtOrAfter(lo);
    let end = first;
    let room = 0;
    while (end < s.chunkCount && s.minTOf(end) <= maxT) room += s.countOf(end++);
    const open = this.open;
    const withOpen = open !== undefined && open.count > 0 && open.maxT >= lo && open.minT <= maxT;
    const openBytes = withOpen ? open.bytes() : undefined;
    if (openBytes !== undefined) room += chunkCount(openBytes);
    // Sized once from the chunks' counts, trimmed to what the range takes at the end.
    let out: Sample[] = room > 0 ? new Array<Sample>(room) : [];
    let k = 0;
    for (let i = first; i < end; i++) k = writeRange(s.bytesOf(i), lo, maxT, out, k);
    if (openBytes !== undefined) k = writeRange(openBytes, lo, maxT, out, k);
    if (k < room) out.length = k;
    const ooo = this.ooo;
    if (ooo !== undefined && ooo.hasSampleIn(lo, maxT)) out = mergeSamples(out, ooo.range(lo, maxT));
    return out;
  }

  /** True when some sample has `minT <= t <= maxT` (ms); decodes at most one chunk. */
  hasSampleIn(minT: number, maxT: number): boolean {
    const lo = Math.max(minT, this.floor);
    if (lo > maxT) return false;
    const open = this.open;
    if (open !== undefined && open.count > 0 && open.maxT >= lo && open.minT <= maxT) {
      if (open.minT >= lo || open.maxT <= maxT || chunkHasSampleIn(open.bytes(), lo, maxT)) return true;
    }
    const s = this.sealed;
    const i = s.firstEndingAtOrAfter(lo);
    if (i < s.chunkCount && s.minTOf(i) <= maxT) {
      // Either end of the chunk in range decides at once; else only this chunk can hold one.
      if (s.minTOf(i) >= lo || s.maxTOf(i) <= maxT || chunkHasSampleIn(s.bytesOf(i), lo, maxT)) return true;
    }
    return this.ooo?.hasSampleIn(lo, maxT) ?? false;
  }

  /**
   * Retention: drops the chunks whose samples are all before `cutoff` (ms), and raw samples
   * before it; a chunk straddling the cutoff stays whole but reads no longer see its old samples.
   * Returns how many samples were freed.
   */
  dropBefore(cutoff: number): number {
    let dropped = this.sealed.dropBefore(cutoff);
    const open = this.open;
    if (open !== undefined && open.count > 0 && open.maxT < cutoff) {
      dropped += open.count;
      this.open = undefined;
    }
    if (this.ooo !== undefined) {
      dropped += this.ooo.dropBefore(cutoff);
      if (this.ooo.length === 0) this.ooo = undefined;
    }
    if (cutoff > this.floor) this.floor = cutoff;
    return dropped;
  }

  /**
   * Readies the samples before `cut` (ms) to be compacted into a block: out-of-order samples
   * are merged into the chunks, and an open chunk wholly before `cut` (a series that went quiet)
   * is sealed. Afterwards every sample before `cut` is in the sealed chunks that `sealedBefore`
   * returns, since chunks never cross a multiple of `CHUNK_RANGE_MS` and `cut` is one.
   */
  prepareCompaction(cut: number): void {
    if (this.ooo !== undefined && this.ooo.minT < cut) this.fold();
    const open = this.open;
    if (open !== undefined && open.count > 0 && open.maxT < cut) {
      this.sealed.push(sealAppender(open));
      this.open = undefined;
    }
  }

  /** Copies of the sealed chunks whose samples are all before `cut` (ms), oldest first. */
  sealedBefore(cut: number): EncodedChunk[] {
    const s = this.sealed;
    const out: EncodedChunk[] = [];
    for (let i = 0; i < s.chunkCount && s.maxTOf(i) < cut; i++) {
      out.push({ bytes: s.bytesOf(i).slice(), minT: s.minTOf(i), maxT: s.maxTOf(i), count: s.countOf(i) });
    }
    return out;
  }

  /**
   * Drops the sealed chunks before `cut` once a block holds them, if they are still exactly
   * `written` (same bounds and counts, in order); returns the samples dropped. When a merge of
   * late samples changed them meanwhile they stay (they hold everything the block does, and
   * more): reads merge the two, and the next compaction writes them again.
   */
  dropCompacted(cut: number, written: ReadonlyArray<Pick<EncodedChunk, 'minT' | 'maxT' | 'count'>>): number {
    const s = this.sealed;
    let k = 0;
    while (k < s.chunkCount && s.maxTOf(k) < cut) {
      const w = written[k];
      if (w === undefined || w.minT !== s.minTOf(k) || w.maxT !== s.maxTOf(k) || w.count !== s.countOf(k))
        return 0;
      k++;
    }
    if (k !== written.length) return 0;
    const before = s.samples;
    if (k > 0) s.splice(0, k, []);
    return before - s.samples;
  }

  /**
   * Deletes the samples with `minT <= t <= maxT` (ms); returns how many. Only the chunks the
   * range touches are decoded and encoded again.
   */
  deleteRange(minT: number, maxT: number): number {
    if (minT > maxT) return 0;
    this.fold();
    let removed = 0;
    const s = this.sealed;
    const first = s.firstEndingAtOrAfter(minT);
    let end = first;
    let total = 0;
    while (end < s.chunkCount && s.minTOf(end) <= maxT) total += s.countOf(end++);
    if (end > first) {
      const ts = new Float64Array(total);
      const vs = new Float64Array(total);
      let n = 0;
      for (let i = first; i < end; i++) n += decodeChunkInto(s.bytesOf(i), ts, vs, n);
      const kept = keepOutside(ts, vs, n, minT, maxT);
      removed += n - kept;
      const chunks: EncodedChunk[] = [];
      encodeRun(ts, new Uint32Array(vs.buffer), 0, kept, chunks);
      s.splice(first, end, chunks);
    }
    const open = this.open;
    if (open !== undefined && open.count > 0 && open.maxT >= minT && open.minT <= maxT) {
      const { count, ts, vs } = decodeChunk(open.bytes());
      const kept = keepOutside(ts, vs, count, minT, maxT);
      removed += count - kept;
      open.reset();
      const bits = new Uint32Array(vs.buffer);
      for (let i = 0; i < kept; i++) this.appendOpen(ts[i]!, bits[2 * i + HI]!, bits[2 * i + LO]!);
    }
    return removed;
  }

  /** A consistent view for a checkpoint; `release` it once written. */
  snapshot(): FrozenSamples {
    const open = this.open;
    return {
      sealed: this.sealed.snapshot(),
      open: open !== undefined && open.count > 0 ? sealAppender(open) : undefined,
      outOfOrder: this.ooo?.snapshot(),
    };
  }

  /** Gives back a snapshot, so sealed chunks may change in place again. */
  release(frozen: FrozenSamples): void {
    this.sealed.release(frozen.sealed);
  }

  /**
   * Takes a sealed chunk from a checkpoint as it is, when it comes after everything held and
   * nothing is open; returns false otherwise (the caller then adds its samples one by one).
   */
  restoreSealed(chunk: EncodedChunk): boolean {
    if ((this.open?.count ?? 0) > 0 || this.ooo !== undefined || chunk.minT <= this.sealed.maxT) return false;
    this.sealed.push(chunk);
    return true;
  }

  /** Appends after the newest sample, sealing the open chunk first if due; true if it sealed. */
  private appendOpen(t: number, hi: number, lo: number): boolean {
    const open = (this.open ??= new XorChunkAppender());
    let sealed = false;
    if (open.count > 0 && shouldCut(open, t)) {
      this.sealed.push({ bytes: open.bytes(), minT: open.minT, maxT: open.maxT, count: open.count });
      open.reset();
      sealed = true;
    }
    open.appendBits(t, hi, lo);
    return sealed;
  }

  /** Looks for a stored sample at `t` in the chunks; its bits are then in `found`. */
  private lookUp(t: number): boolean {
    const open = this.open;
    if (open !== undefined && open.count > 0 && t >= open.minT) {
      if (t !== open.maxT) return findSample(open.bytes(), t);
      found.hi = open.lastHi;
      found.lo = open.lastLo;
      return true;
    }
    const i = this.sealed.indexCovering(t);
    return i >= 0 && findSample(this.sealed.bytesOf(i), t);
  }

  /** Merges the out-of-order buffer into the sealed chunks and the open chunk. */
  private fold(): void {
    const ooo = this.ooo;
    if (ooo === undefined) return;
    this.ooo = undefined;
    const run = ooo.snapshot();
    const sealedMax = this.sealed.maxT;
    let split = 0;
    while (split < run.ts.length && run.ts[split]! <= sealedMax) split++;
    if (split > 0) mergeIntoSealed(this.sealed, run, 0, split);
    if (split < run.ts.length) this.mergeIntoOpen(run, split);
  }

  /** Re-encodes the open chunk with out-of-order samples `run[from..]`, which fall inside it. */
  private mergeIntoOpen(run: SampleRun, from: number): void {
    // Out-of-order samples after the sealed chunks imply an open chunk; made safe regardless.
    const open = (this.open ??= new XorChunkAppender());
    const current = decodeChunk(open.bytes());
    const merged = mergeRuns(current, 0, current.count, run, from, run.ts.length);
    open.reset();
    const bits = new Uint32Array(merged.vs.buffer);
    for (let i = 0; i < merged.ts.length; i++)
      this.appendOpen(merged.ts[i]!, bits[2 * i + HI]!, bits[2 * i + LO]!);
  }
}

import { isValidLabelName, matchesAll } from '@seahawks/model';
import type { CompiledMatcher, Labels } from '@seahawks/model';
import { decodeChunk } from '../chunkenc/decode.js';
import { decodeDense } from '../chunkenc/dense-chunk.js';
import { XorChunkAppender } from '../chunkenc/xor-appender.js';
import type { EncodedChunk } from './chunk-policy.js';
import { ChunkedSamples } from './chunked-samples.js';
import { intersect, Postings } from './postings.js';
import type { AddOutcome } from './sample-buffer.js';
import { hashLabels, LabelSetMap } from './series-map.js';

/** One series in memory. `hash` is `hashLabels(labels)`; `id` is what WAL records refer to. */
export interface MemSeries {
  readonly id: number;
  readonly labels: Labels;
  readonly hash: number;
  readonly samples: ChunkedSamples;
}

const BITS_A = new Float64Array(2);
const WORDS = new Uint32Array(BITS_A.buffer);

/** True when two values have the same bits (a NaN payload or -0 matters). */
function sameBits(a: number, b: number): boolean {
  BITS_A[0] = a;
  BITS_A[1] = b;
  return WORDS[0] === WORDS[2] && WORDS[1] === WORDS[3];
}

/**
 * Why a label set cannot be stored (not canonical: unsorted, duplicate or invalid names, empty
 * values, or no labels at all); undefined when it can.
 */
export function checkStoredLabels(labels: Labels): string | undefined {
  if (labels.length === 0) return 'empty label set';
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!isValidLabelName(l.name)) return `invalid label name "${l.name.slice(0, 64)}"`;
    if (l.value === '') return `empty value for label "${l.name}"`;
    if (i > 0 && labels[i - 1]!.name >= l.name) return `labels not sorted and unique at "${l.name}"`;
  }
  return undefined;
}

/**
 * The head: every series with all its samples in memory (compressed chunks, see
 * `ChunkedSamples`), plus the postings index over them.
 * All methods are synchronous, so an append applies to the head in one piece, in the same order
 * as its records enter the WAL.
 */
export class Head {
  readonly postings = new Postings();
  private readonly byLabels = new LabelSetMap<MemSeries>();
  /** Every series by id, in creation order. */
  private readonly byId = new Map<number, MemSeries>();
  private nextSeriesId = 1;
  private samples = 0;
  /** Latest timestamp ever added (ms); retention does not lower it. `-Infinity` when none. */
  maxT = -Infinity;
  /**
   * Where else a series' older samples are stored (time blocks): the value at `t` if a sample
   * is stored there, checked for samples at `t <= storedElsewhereUpTo` before the head's own, so
   * a repeat of a compacted sample is a duplicate and another value at its timestamp a conflict.
   */
  storedElsewhere: ((series: MemSeries, t: number) => number | undefined) | undefined;
  storedElsewhereUpTo = -Infinity;

  get seriesCount(): number {
    return this.byId.size;
  }

  get sampleCount(): number {
    return this.samples;
  }

  /** The id the next new series gets; ids only grow, also across restarts. */
  get nextId(): number {
    return this.nextSeriesId;
  }

  /** The series of a label set (canonical, as stored), if any. */
  find(labels: Labels): MemSeries | undefined {
    return this.byLabels.get(labels);
  }

  getById(id: number): MemSeries | undefined {
    return this.byId.get(id);
  }

  /** Creates a series under a fresh id; the caller logs it before any of its samples. */
  create(labels: Labels): MemSeries {
    return this.restore(this.nextSeriesId, labels);
  }

  /** Re-creates a series under the id it was logged with (WAL replay, checkpoint load). */
  restore(id: number, labels: Labels): MemSeries {
    const series: MemSeries = { id, labels, hash: hashLabels(labels), samples: new ChunkedSamples() };
    this.byLabels.add(series, series.hash);
    this.byId.set(id, series);
    this.postings.add(id, labels);
    this.reserveIds(id + 1);
    return series;
  }

  /** Makes sure new series get ids `>= next` (ids seen in the WAL are never handed out again). */
  reserveIds(next: number): void {
    if (next > this.nextSeriesId) this.nextSeriesId = next;
  }

  addSample(series: MemSeries, t: number, v: number): AddOutcome {
    if (t <= this.storedElsewhereUpTo && this.storedElsewhere !== undefined) {
      const stored = this.storedElsewhere(series, t);
      if (stored !== undefined) return sameBits(stored, v) ? 'duplicate' : 'conflict';
    }
    const outcome = series.samples.add(t, v);
    if (outcome === 'appended' || outcome === 'inserted') {
      this.samples++;
      if (t > this.maxT) this.maxT = t;
    }
    return outcome;
  }

  /**
   * Restores a chunk from a checkpoint: a sealed one is taken as it is when it fits after the
   * series' chunks; otherwise (an open chunk, out-of-order samples, or a series already holding
   * later data) its samples are added one by one. Throws `CorruptChunkError` if it must decode
   * and cannot.
   */
  restoreChunk(series: MemSeries, chunk: EncodedChunk, sealed: boolean): void {
    if (sealed && series.samples.restoreSealed(chunk)) {
      this.samples += chunk.count;
      if (chunk.maxT > this.maxT) this.maxT = chunk.maxT;
      return;
    }
    const { count, ts, vs } = decodeChunk(chunk.bytes);
    for (let i = 0; i < count; i++) this.addSample(series, ts[i]!, vs[i]!);
  }

  /**
   * Restores a chunk stored in the dense encoding: a sealed one is turned back into the XOR
   * chunk it was (the encoder is deterministic, so the same bytes) and restored as such; a head
   * chunk's samples are added one by one. Throws `CorruptChunkError` if it does not decode.
   */
  restoreDense(series: MemSeries, chunk: EncodedChunk, sealed: boolean): void {
    const { count, ts, vs } = decodeDense(chunk.bytes);
    if (!sealed) {
      for (let i = 0; i < count; i++) this.addSample(series, ts[i]!, vs[i]!);
      return;
    }
    const xor = new XorChunkAppender(chunk.bytes.length * 2);
    for (let i = 0; i < count; i++) xor.append(ts[i]!, vs[i]!);
    this.restoreChunk(series, { ...chunk, bytes: xor.bytes().slice() }, true);
  }

  /** Bytes allocated for samples over all series (chunk data, open chunks, raw buffers). */
  sampleBytes(): number {
    let bytes = 0;
    for (const series of this.byId.values()) bytes += series.samples.allocatedBytes;
    return bytes;
  }

  /** Chunks over all series (sealed and open); walks every series. */
  chunkCount(): number {
    let n = 0;
    for (const series of this.byId.values()) n += series.samples.chunkCount;
    return n;
  }

  /** All series, in creation order. */
  all(): IterableIterator<MemSeries> {
    return this.byId.values();
  }

  /**
   * Series matching every matcher. At least one matcher must not match the empty string (the
   * caller checks); those pick candidates from the postings, the others filter them.
   */
  select(matchers: readonly CompiledMatcher[]): MemSeries[] {
    const lists = [];
    const filters: CompiledMatcher[] = [];
    for (const m of matchers) {
      if (m.matches('')) filters.push(m);
      else lists.push(this.postings.forMatcher(m));
    }
    const out: MemSeries[] = [];
    for (const id of intersect(lists)) {
      const series = this.byId.get(id);
      if (series !== undefined && matchesAll(filters, series.labels)) out.push(series);
    }
    return out;
  }

  /**
   * After a block took a series' sealed chunks before `cut` (ms): drops them from memory if they
   * are unchanged (see `ChunkedSamples.dropCompacted`); returns the samples dropped. Series left
   * empty stay until `forgetEmpty`.
   */
  dropCompacted(
    series: MemSeries,
    cut: number,
    written: ReadonlyArray<Pick<EncodedChunk, 'minT' | 'maxT' | 'count'>>,
  ): number {
    const n = series.samples.dropCompacted(cut, written);
    this.samples -= n;
    return n;
  }

  /** Deletes a series' samples with `minT <= t <= maxT` (ms); returns how many. */
  deleteRange(series: MemSeries, minT: number, maxT: number): number {
    const n = series.samples.deleteRange(minT, maxT);
    this.samples -= n;
    return n;
  }

  /** Removes the given series that hold no sample any more; returns how many went. */
  forgetEmpty(candidates: readonly MemSeries[]): number {
    const emptied = candidates.filter((s) => s.samples.length === 0 && this.byId.get(s.id) === s);
    for (const series of emptied) {
      this.byLabels.delete(series, series.hash);
      this.byId.delete(series.id);
    }
    this.postings.removeMany(emptied);
    return emptied.length;
  }

  /**
   * Retention: drops samples with `t < cutoff` (ms), then every series left without samples.
   * Returns how many samples and series went.
   */
  dropBefore(cutoff: number): { samples: number; series: number } {
    let samples = 0;
    const emptied: MemSeries[] = [];
    for (const series of this.byId.values()) {
      // A series can be empty when the WAL kept its series record but lost its samples (torn tail).
      if (series.samples.length > 0 && series.samples.minT >= cutoff) continue;
      samples += series.samples.dropBefore(cutoff);
      if (series.samples.length === 0) emptied.push(series);
    }
    for (const series of emptied) {
      this.byLabels.delete(series, series.hash);
      this.byId.delete(series.id);
    }
    this.postings.removeMany(emptied);
    this.samples -= samples;
    return { samples, series: emptied.length };
  }
}

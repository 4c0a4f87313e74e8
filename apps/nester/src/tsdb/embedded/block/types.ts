import type { CompiledMatcher, Labels, Sample } from '@seahawks/model';
import type { EncodedChunk } from '../chunk-policy.js';

/**
 * A block: an immutable file `blocks/<id 8 digits>.block` holding every sample of some series
 * over a time range, as chunks in their stored form (chunkenc/at-rest.ts), with an index from
 * label pairs to series. Written once on a worker thread (temporary file, fsync, rename,
 * directory fsync), never changed after; dropped whole by retention or replaced whole by a merge.
 * Format: docs/format/embedded-block-v1.md.
 */
export interface BlockMeta {
  /** Sequence number; ids only grow. The file is `<id as 8 decimal digits>.block`. */
  readonly id: number;
  /** First and last sample timestamps in the block (ms, inclusive). */
  readonly minT: number;
  readonly maxT: number;
  readonly series: number;
  readonly samples: number;
  readonly chunks: number;
  /**
   * The block belongs to the store only once a checkpoint numbered at least this exists (its
   * data was cut from the head, and until that checkpoint the WAL still holds it): on open, a
   * block whose number is above the newest checkpoint's is deleted. 0 when it does not depend
   * on a checkpoint (merges of other blocks).
   */
  readonly requiresCheckpoint: number;
  /** Ids of the blocks this one replaces (a merge); on open those are deleted if still there. */
  readonly replaces: readonly number[];
}

/** A block just written (by `writeBlock` or `mergeBlocks`): its meta, file and size in bytes. */
export interface WrittenBlock {
  readonly meta: BlockMeta;
  readonly path: string;
  readonly bytes: number;
  /**
   * Chunks stored in XOR because their smaller at-rest form did not decode back to the same
   * samples: a bug of that encoding (chunkenc/at-rest.ts), worth a warning; 0 normally.
   */
  readonly fallbackChunks: number;
}

/** What the writer is given for one series: its XOR chunks, time-ordered, not overlapping. */
export interface BlockSeriesInput {
  readonly labels: Labels;
  readonly chunks: readonly EncodedChunk[];
}

/** A block opened for reading. Series are numbered `0 .. seriesCount - 1` (refs). */
export interface BlockReader {
  readonly meta: BlockMeta;
  readonly path: string;
  /** Size of the file in bytes. */
  readonly sizeBytes: number;
  readonly seriesCount: number;
  /** Label set of a series (the same array for the same ref on every call). */
  labels(ref: number): Labels;
  /**
   * Refs of the series matching every matcher (at least one matcher does not match the empty
   * string; the caller checks), in increasing ref order.
   */
  select(matchers: readonly CompiledMatcher[]): number[];
  /** Values of label `name` with the refs of the series carrying each. */
  postingsOf(name: string): Iterable<[value: string, refs: Uint32Array]>;
  /** True when the series has a sample with `minT <= t <= maxT` (ms). */
  hasSampleIn(ref: number, minT: number, maxT: number): boolean;
  /** The series' samples with `minT <= t <= maxT`, in time order (fresh objects, bit-exact values). */
  range(ref: number, minT: number, maxT: number): Sample[];
  /** Closes the file; other calls fail afterwards. Idempotent. */
  close(): void;
}

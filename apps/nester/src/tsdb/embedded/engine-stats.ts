import type { StorageStats } from '../../storage/storage.js';
import type { BlockSet } from './block-set.js';
import type { CheckpointMarks, EngineCounters } from './engine-counters.js';
import { walBytesSinceCheckpoint } from './engine-counters.js';
import { embeddedMetrics } from './embedded-metrics.js';
import type { Head } from './head.js';
import type { ReplayResult } from './replay.js';
import type { Wal } from './wal.js';

/** The embedded engine's counters; all counts are since this open unless named otherwise. */
export interface EmbeddedStorageStats extends StorageStats {
  readonly samplesInHead: number;
  readonly walBytesWritten: number;
  readonly walFsyncs: number;
  /** Number of the WAL segment being written. */
  readonly walSegment: number;
  /** Torn or corrupt WAL/checkpoint tails cut off (or bad records skipped) when opening. */
  readonly walCorruptionsRepaired: number;
  readonly checkpoints: number;
  readonly checkpointFailures: number;
  readonly retentionDroppedSamples: number;
  readonly retentionDroppedSeries: number;
  readonly blocks: number;
  readonly blockBytes: number;
  readonly blockCompactions: number;
  readonly blockMerges: number;
}

/** The parts of an open engine its figures are read from. */
export interface EngineParts {
  readonly head: Head;
  readonly blocks: BlockSet;
  readonly wal: Wal;
  readonly replay: ReplayResult;
  readonly blocksCorrupt: number;
  readonly counts: EngineCounters;
  readonly marks: CheckpointMarks;
}

/**
 * Series in the store: distinct label sets over the blocks and the head (a series whose old
 * samples are in blocks and new ones in the head counts once). Recounted only when blocks
 * changed or the head gained or lost series.
 */
export class SeriesCounter {
  private last: { sets: unknown; key: string; count: number } = { sets: undefined, key: '', count: 0 };

  count(head: Head, blocks: BlockSet): number {
    if (blocks.all.length === 0) return head.seriesCount;
    const sets = blocks.labelSets();
    const key = `${head.nextId}:${head.seriesCount}`;
    if (this.last.sets !== sets || this.last.key !== key) {
      let extra = 0;
      for (const s of head.all()) if (sets.get(s.labels, s.hash) === undefined) extra++;
      this.last = { sets, key, count: sets.size + extra };
    }
    return this.last.count;
  }
}

/** The engine's stats and its self-metrics for `/metrics`; `series` comes from a `SeriesCounter`. */
export function engineStats(p: EngineParts, series: number): EmbeddedStorageStats {
  const { head, blocks, counts, replay } = p;
  const wal = p.wal.stats();
  return {
    series,
    samplesAppended: counts.appended,
    samplesRejected: counts.rejected,
    samplesRejectedByReason: { ...counts.rejectedByReason },
    engineMetrics: embeddedMetrics({
      headSeries: head.seriesCount,
      headSamples: head.sampleCount,
      headChunks: head.chunkCount(),
      walBytes: walBytesSinceCheckpoint(p.wal.loggedBytes, p.marks),
      walFsyncs: wal.fsyncs,
      walCorruptionsRepaired: replay.corruptions,
      checkpointBytes: p.marks.lastCheckpointBytes,
      checkpoints: counts.checkpoints,
      checkpointFailures: counts.checkpointFailures,
      checkpointSeconds: counts.checkpointSeconds,
      retentionDroppedSamples: counts.droppedSamples,
      retentionDroppedSeries: counts.droppedSeries,
      blocks: blocks.all.length,
      blockBytes: blocks.bytes,
      blockCompactions: counts.blockCompactions,
      blockCompactionFailures: counts.blockCompactionFailures,
      blockCompactionSeconds: counts.blockCompactionSeconds,
      blocksCorrupt: p.blocksCorrupt,
      blockMerges: counts.blockMerges,
    }),
    samplesInHead: head.sampleCount,
    walBytesWritten: wal.bytesWritten,
    walFsyncs: wal.fsyncs,
    walSegment: wal.segment,
    walCorruptionsRepaired: replay.corruptions,
    checkpoints: counts.checkpoints,
    checkpointFailures: counts.checkpointFailures,
    retentionDroppedSamples: counts.droppedSamples,
    retentionDroppedSeries: counts.droppedSeries,
    blocks: blocks.all.length,
    blockBytes: blocks.bytes,
    blockCompactions: counts.blockCompactions,
    blockMerges: counts.blockMerges,
  };
}

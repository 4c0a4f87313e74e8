import type { StorageMetric } from '../../storage/storage.js';

/** What the embedded engine reports on the nester's `/metrics`, besides the common counters. */
export interface EmbeddedFigures {
  readonly headSeries: number;
  readonly headSamples: number;
  readonly headChunks: number;
  /** Bytes of WAL segments not yet covered by a checkpoint (what a restart would replay). */
  readonly walBytes: number;
  readonly walFsyncs: number;
  readonly walCorruptionsRepaired: number;
  readonly checkpointBytes: number;
  readonly checkpoints: number;
  readonly checkpointFailures: number;
  /** Sum of checkpoint durations, seconds. */
  readonly checkpointSeconds: number;
  readonly retentionDroppedSamples: number;
  readonly retentionDroppedSeries: number;
  readonly blocks: number;
  readonly blockBytes: number;
  /** Blocks written from the head. */
  readonly blockCompactions: number;
  readonly blockCompactionFailures: number;
  /** Sum of block compaction durations (writing the block, dropping it from the head), seconds. */
  readonly blockCompactionSeconds: number;
  /** Blocks set aside as unreadable when the store was opened. */
  readonly blocksCorrupt: number;
  /** Merges of blocks into larger ones. */
  readonly blockMerges: number;
}

const one = (name: string, type: 'counter' | 'gauge', help: string, value: number): StorageMetric => ({
  name,
  type,
  help,
  samples: [{ value }],
});

/** A summary without quantiles: a duration's total and how many there were. */
const durations = (name: string, help: string, seconds: number, count: number): StorageMetric => ({
  name,
  type: 'summary',
  help,
  samples: [
    { suffix: '_sum', value: seconds },
    { suffix: '_count', value: count },
  ],
});

/** The figures as metric families named `seahawks_storage_*` (Prometheus' own `prometheus_tsdb_*` as a model). */
export function embeddedMetrics(f: EmbeddedFigures): StorageMetric[] {
  return [
    one('seahawks_storage_head_series', 'gauge', 'Series in the in-memory head.', f.headSeries),
    one('seahawks_storage_head_samples', 'gauge', 'Samples in the in-memory head.', f.headSamples),
    one('seahawks_storage_head_chunks', 'gauge', 'Chunks in the head (sealed and open).', f.headChunks),
    one('seahawks_storage_wal_bytes', 'gauge', 'WAL bytes a restart would replay.', f.walBytes),
    one('seahawks_storage_wal_fsyncs_total', 'counter', 'WAL syncs (group commits).', f.walFsyncs),
    one(
      'seahawks_storage_wal_corruptions_repaired_total',
      'counter',
      'Torn or corrupt WAL tails cut off and bad records skipped when the store was opened.',
      f.walCorruptionsRepaired,
    ),
    one('seahawks_storage_checkpoint_bytes', 'gauge', 'Size of the newest checkpoint.', f.checkpointBytes),
    one(
      'seahawks_storage_checkpoint_failures_total',
      'counter',
      'Checkpoints that could not be written.',
      f.checkpointFailures,
    ),
    durations(
      'seahawks_storage_compaction_duration_seconds',
      'Time taken by compactions (checkpoints of the head).',
      f.checkpointSeconds,
      f.checkpoints,
    ),
    one('seahawks_storage_blocks_loaded', 'gauge', 'Time blocks on disk, queried with the head.', f.blocks),
    one('seahawks_storage_blocks_bytes', 'gauge', 'Bytes of all time blocks.', f.blockBytes),
    durations(
      'seahawks_storage_block_compaction_duration_seconds',
      'Time taken to cut the head into a time block.',
      f.blockCompactionSeconds,
      f.blockCompactions,
    ),
    one(
      'seahawks_storage_block_compaction_failures_total',
      'counter',
      'Time blocks that could not be written.',
      f.blockCompactionFailures,
    ),
    one(
      'seahawks_storage_block_merges_total',
      'counter',
      'Merges of time blocks into larger ones.',
      f.blockMerges,
    ),
    one(
      'seahawks_storage_blocks_corrupt_total',
      'counter',
      'Unreadable time blocks set aside when the store was opened.',
      f.blocksCorrupt,
    ),
    one(
      'seahawks_storage_retention_dropped_samples_total',
      'counter',
      'Samples dropped by retention.',
      f.retentionDroppedSamples,
    ),
    one(
      'seahawks_storage_retention_dropped_series_total',
      'counter',
      'Series dropped by retention.',
      f.retentionDroppedSeries,
    ),
  ];
}

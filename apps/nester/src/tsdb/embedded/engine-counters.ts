import type { RejectReason } from '../../storage/storage.js';

/** What the engine counted since it was opened; read by its stats, written by its parts. */
export interface EngineCounters {
  appended: number;
  rejected: number;
  readonly rejectedByReason: Partial<Record<RejectReason, number>>;
  checkpoints: number;
  checkpointFailures: number;
  checkpointSeconds: number;
  droppedSamples: number;
  droppedSeries: number;
  blockCompactions: number;
  blockCompactionFailures: number;
  blockCompactionSeconds: number;
  blockMerges: number;
}

/**
 * Where the WAL stood at the last checkpoint: the WAL bytes it covers (negative after replay,
 * so what replay read still counts towards the next checkpoint), the checkpoint's size, and the
 * head's samples then (to estimate bytes per sample).
 */
export interface CheckpointMarks {
  walBytesAtCheckpoint: number;
  lastCheckpointBytes: number;
  samplesAtCheckpoint: number;
}

export function newCounters(): EngineCounters {
  return {
    appended: 0,
    rejected: 0,
    rejectedByReason: {},
    checkpoints: 0,
    checkpointFailures: 0,
    checkpointSeconds: 0,
    droppedSamples: 0,
    droppedSeries: 0,
    blockCompactions: 0,
    blockCompactionFailures: 0,
    blockCompactionSeconds: 0,
    blockMerges: 0,
  };
}

/** WAL bytes logged since the last checkpoint. */
export function walBytesSinceCheckpoint(loggedBytes: number, marks: CheckpointMarks): number {
  return Math.max(0, loggedBytes - marks.walBytesAtCheckpoint);
}

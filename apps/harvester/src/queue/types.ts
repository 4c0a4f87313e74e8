import { SeahawksError } from '@seahawks/model';

/** What the queue knows about a batch besides its opaque payload. */
export interface BatchMeta {
  /** Timestamp of the oldest sample in the batch, ms since the epoch. */
  readonly minT: number;
  /** Timestamp of the newest sample in the batch, ms since the epoch (>= minT). */
  readonly maxT: number;
  /** Number of samples in the batch (for the shipper's counters). */
  readonly samples: number;
}

/** One batch waiting in the queue, as `peek` returns it. */
export interface QueuedBatch {
  /** Sequence number, unique and increasing for the life of the queue directory. */
  readonly id: number;
  /** The payload exactly as appended; owned by the caller. */
  readonly payload: Uint8Array;
  readonly meta: BatchMeta;
}

export interface QueueStats {
  /** Bytes on disk of the batches not yet acknowledged (record headers included). */
  readonly bytes: number;
  /** Batches not yet acknowledged. */
  readonly batches: number;
  /** Batches the size or age bound forced out since open. */
  readonly droppedBatches: number;
  /** Bytes of those batches. */
  readonly droppedBytes: number;
  /** Bytes of damaged records cut off (torn tails after a crash, checksum failures) since open. */
  readonly corruptBytes: number;
}

/** Time source: ms since the epoch (`Date.now` in production); injected so tests control time. */
export type Clock = () => number;

export type LogLevel = 'info' | 'warn' | 'error';

/**
 * Log callback: the queue and the shipper report through it instead of owning a logger.
 * `fields` carries the numbers of the message for structured logs.
 * With pino: `(level, message, fields) => log[level](fields ?? {}, message)`.
 */
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export interface DiskQueueOptions {
  /** Bound on `stats().bytes`; when an append would pass it, the oldest batches are dropped. */
  readonly maxBytes: number;
  /** Batches whose newest sample (`maxT`) is older than this (ms) are dropped. */
  readonly maxAgeMs: number;
  readonly logger: Logger;
  /** Defaults to the system clock. */
  readonly clock?: Clock;
  /**
   * Size at which a segment file is closed and a new one started, bytes. Disk space is freed a
   * whole segment at a time, so the directory may hold up to about one segment beyond `maxBytes`.
   * Defaults to maxBytes / 8, clamped to [64 KiB, 8 MiB].
   */
  readonly segmentBytes?: number;
}

/** The queue's directory could not be read or written (disk full, permissions, I/O error). */
export class QueueError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('queue_io', message, options);
  }
}

/** An operation on a queue after `close()`. */
export class QueueClosedError extends SeahawksError {
  constructor(operation: string) {
    super('queue_closed', `cannot ${operation}: the queue is closed`);
  }
}

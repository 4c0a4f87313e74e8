import { describeError } from '@seahawks/model';
import { StorageClosedError, StorageIOError } from '../../storage/errors.js';
import type { AppendResult, Appender, SeriesSamples, Storage, StorageStats } from '../../storage/storage.js';
import { applyBatch } from './append.js';
import { releaseSnapshot, snapshotHead, writeCheckpoint } from './checkpoint.js';
import type { HeadSnapshot } from './checkpoint.js';
import type { DirLock } from './dir-lock.js';
import type { Head } from './head.js';
import type { ResolvedOptions } from './options.js';
import { HeadQuerier } from './querier.js';
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
}

/**
 * The embedded engine: a head in memory, made durable by the WAL, compacted by checkpoints.
 * Built by `openEmbeddedStorage`, which replays the directory first. An append changes the head
 * at once and resolves after the WAL sync, so a query may see samples whose append has not
 * resolved yet; a crash can lose those, never one whose append resolved.
 */
export class EmbeddedStorage implements Storage {
  readonly appender: Appender = { append: (batch) => this.append(batch) };
  readonly querier: HeadQuerier;
  private closed = false;
  private closing: Promise<void> | undefined;
  private checkpointing: Promise<void> | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private walBytesAtCheckpoint = 0;
  private lastCheckpointBytes: number;
  private readonly counts = {
    appended: 0,
    rejected: 0,
    checkpoints: 0,
    checkpointFailures: 0,
    droppedSamples: 0,
    droppedSeries: 0,
  };

  constructor(
    private readonly opts: ResolvedOptions,
    private readonly walDir: string,
    private readonly head: Head,
    private readonly wal: Wal,
    private readonly lock: DirLock,
    private readonly replay: ReplayResult,
  ) {
    this.querier = new HeadQuerier(head, () => this.checkOpen('query storage'));
    this.lastCheckpointBytes = replay.checkpointBytes;
    // What replay read still sits in the WAL, so it counts towards the next checkpoint.
    this.walBytesAtCheckpoint = -replay.walBytes;
  }

  /** Starts retention and checkpoint timers; they never keep the process alive. */
  start(): void {
    this.timers.push(setInterval(() => this.applyRetention(), this.opts.retentionIntervalMs).unref());
    this.timers.push(setInterval(() => this.maybeCheckpoint(), this.opts.checkpointIntervalMs).unref());
  }

  stats(): EmbeddedStorageStats {
    const wal = this.wal.stats();
    return {
      series: this.head.seriesCount,
      samplesAppended: this.counts.appended,
      samplesRejected: this.counts.rejected,
      samplesInHead: this.head.sampleCount,
      walBytesWritten: wal.bytesWritten,
      walFsyncs: wal.fsyncs,
      walSegment: wal.segment,
      walCorruptionsRepaired: this.replay.corruptions,
      checkpoints: this.counts.checkpoints,
      checkpointFailures: this.counts.checkpointFailures,
      retentionDroppedSamples: this.counts.droppedSamples,
      retentionDroppedSeries: this.counts.droppedSeries,
    };
  }

  /**
   * Oldest timestamp (ms) an append may carry: the out-of-order window behind the newest sample,
   * but measured from the clock when the newest sample is in the future (so one sender with a
   * wrong clock cannot push everyone else out), and never before the retention horizon.
   */
  minValidTime(): number {
    const now = this.opts.clock();
    const newest = Math.min(this.head.maxT, now);
    return Math.max(newest - this.opts.outOfOrderWindowMs, now - this.opts.retentionMs);
  }

  /** Drops samples older than `clock() - retentionMs` and series left empty; runs on a timer. */
  applyRetention(): void {
    if (this.closed) return;
    const dropped = this.head.dropBefore(this.opts.clock() - this.opts.retentionMs);
    this.counts.droppedSamples += dropped.samples;
    this.counts.droppedSeries += dropped.series;
  }

  /**
   * Writes a checkpoint now (after any running one) and deletes the WAL segments it covers.
   * Rejects with `StorageIOError` when it cannot; the WAL then still holds everything.
   */
  async checkpoint(): Promise<void> {
    this.checkOpen('write checkpoint');
    while (this.checkpointing !== undefined) await this.checkpointing;
    await this.startCheckpoint();
  }

  /** Flushes the WAL, stops timers, releases the directory. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async append(batch: readonly SeriesSamples[]): Promise<AppendResult> {
    this.checkOpen('append to storage');
    const failure = this.wal.error;
    if (failure !== undefined) throw failure;
    const { result, frames } = applyBatch(this.head, batch, this.minValidTime());
    this.counts.appended += result.accepted;
    for (const n of Object.values(result.rejected)) this.counts.rejected += n;
    if (frames.length > 0) this.wal.log(frames);
    // Also when nothing new was logged: an identical sample accepted here may still be in flight.
    await this.wal.commit();
    return result;
  }

  private maybeCheckpoint(): void {
    if (this.closed || this.checkpointing !== undefined) return;
    const since = this.wal.loggedBytes - this.walBytesAtCheckpoint;
    if (since <= 0 || since < Math.max(this.opts.checkpointMinBytes, this.lastCheckpointBytes)) return;
    this.startCheckpoint().catch((err: unknown) => this.opts.logger.warn(describeError(err)));
  }

  /** Runs one checkpoint; `checkpointing` tracks it without ever rejecting, for `close` to await. */
  private startCheckpoint(): Promise<void> {
    const run = this.runCheckpoint();
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.checkpointing = settled;
    void settled.then(() => {
      if (this.checkpointing === settled) this.checkpointing = undefined;
    });
    return run;
  }

  private async runCheckpoint(): Promise<void> {
    let snapshot: HeadSnapshot | undefined;
    try {
      const mark = this.wal.loggedBytes;
      snapshot = snapshotHead(this.head);
      const last = await this.wal.cut();
      this.lastCheckpointBytes = await writeCheckpoint(this.walDir, last, snapshot);
      this.walBytesAtCheckpoint = mark;
      this.counts.checkpoints++;
    } catch (err) {
      this.counts.checkpointFailures++;
      throw new StorageIOError(`cannot write checkpoint in ${this.walDir}: ${describeError(err)}`, {
        cause: err,
      });
    } finally {
      // The head may change its sealed chunks in place again once nothing reads them.
      if (snapshot !== undefined) releaseSnapshot(snapshot);
    }
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    // `checkpointing` never rejects: a failed checkpoint was reported to whoever started it.
    if (this.checkpointing !== undefined) await this.checkpointing;
    try {
      await this.wal.close();
    } finally {
      await this.lock.release();
    }
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new StorageClosedError(`cannot ${what}: it is closed`);
  }
}

import { describeError } from '@seahawks/model';
import { StorageClosedError, StorageIOError } from '../../storage/errors.js';
import type {
  AppendResult,
  Appender,
  RejectReason,
  SeriesSamples,
  Storage,
  StorageStats,
} from '../../storage/storage.js';
import { applyBatch } from './append.js';
import { writeCheckpoint } from './checkpoint.js';
import { inlineSink, workerSink } from './checkpoint-sink.js';
import type { DirLock } from './dir-lock.js';
import { embeddedMetrics } from './embedded-metrics.js';
import type { Head } from './head.js';
import type { ResolvedOptions } from './options.js';
import { HeadQuerier } from './querier.js';
import { DEFAULT_BYTES_PER_SAMPLE, dropForSize } from './size-retention.js';
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
    checkpointSeconds: 0,
  };
  private readonly rejectedByReason: Partial<Record<RejectReason, number>> = {};
  /** Samples in the head when the last checkpoint was written, to estimate bytes per sample. */
  private samplesAtCheckpoint = 0;
  /** Oldest time size retention still keeps (ms): older appends are too old. */
  private sizeFloor = -Infinity;

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
    if (replay.checkpointBytes > 0) this.samplesAtCheckpoint = head.sampleCount;
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
      samplesRejectedByReason: { ...this.rejectedByReason },
      engineMetrics: embeddedMetrics({
        headSeries: this.head.seriesCount,
        headSamples: this.head.sampleCount,
        headChunks: this.head.chunkCount(),
        walBytes: Math.max(0, this.wal.loggedBytes - this.walBytesAtCheckpoint),
        walFsyncs: wal.fsyncs,
        walCorruptionsRepaired: this.replay.corruptions,
        checkpointBytes: this.lastCheckpointBytes,
        checkpoints: this.counts.checkpoints,
        checkpointFailures: this.counts.checkpointFailures,
        checkpointSeconds: this.counts.checkpointSeconds,
        retentionDroppedSamples: this.counts.droppedSamples,
        retentionDroppedSeries: this.counts.droppedSeries,
      }),
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
    return Math.max(newest - this.opts.outOfOrderWindowMs, now - this.opts.retentionMs, this.sizeFloor);
  }

  /**
   * Drops samples older than `clock() - retentionMs` and series left empty, then, with a size
   * limit, the oldest 2 h blocks while the store is estimated over it; runs on a timer.
   */
  applyRetention(): void {
    if (this.closed) return;
    const dropped = this.head.dropBefore(this.opts.clock() - this.opts.retentionMs);
    this.counts.droppedSamples += dropped.samples;
    this.counts.droppedSeries += dropped.series;
    if (this.opts.retentionBytes > 0) {
      const perSample =
        this.samplesAtCheckpoint > 0
          ? this.lastCheckpointBytes / this.samplesAtCheckpoint
          : DEFAULT_BYTES_PER_SAMPLE;
      const bySize = dropForSize(this.head, this.opts.retentionBytes, perSample);
      this.counts.droppedSamples += bySize.samples;
      this.counts.droppedSeries += bySize.series;
      if (bySize.cutoff !== undefined) this.sizeFloor = Math.max(this.sizeFloor, bySize.cutoff);
    }
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
    for (const [reason, n] of Object.entries(result.rejected) as [RejectReason, number][]) {
      this.counts.rejected += n;
      this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + n;
    }
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
    const started = performance.now();
    const sink = this.opts.checkpointInWorker ? workerSink() : inlineSink();
    try {
      const mark = this.wal.loggedBytes;
      const last = await this.wal.cut();
      this.lastCheckpointBytes = await writeCheckpoint(this.walDir, last, this.head, sink);
      this.samplesAtCheckpoint = this.head.sampleCount;
      this.walBytesAtCheckpoint = mark;
      this.counts.checkpoints++;
      this.counts.checkpointSeconds += (performance.now() - started) / 1000;
    } catch (err) {
      this.counts.checkpointFailures++;
      throw new StorageIOError(`cannot write checkpoint in ${this.walDir}: ${describeError(err)}`, {
        cause: err,
      });
    } finally {
      await sink.close();
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

import { describeError } from '@seahawks/model';
import { InvalidQueryError, StorageClosedError, StorageIOError } from '../../storage/errors.js';
import type { Matcher } from '@seahawks/model';
import type {
  AppendResult,
  Appender,
  ColumnarBatch,
  DeleteResult,
  RejectReason,
  SeriesSamples,
  Storage,
  TimeRange,
} from '../../storage/storage.js';
import { applyBatch, applyColumns } from './append.js';
import type { AppliedBatch } from './append.js';
import { deleteSamples } from './delete-samples.js';
import type { BlockSet } from './block-set.js';
import { blockFileName } from './block/format.js';
import { compactionCut, cutBlock } from './compaction.js';
import { mergeSpanMs, planMerge } from './block-merging.js';
import { mergeBlocks } from './block/merge-blocks.js';
import { writeCheckpoint } from './checkpoint.js';
import { inlineSink, workerSink } from './checkpoint-sink.js';
import type { DirLock } from './dir-lock.js';
import type { CheckpointMarks } from './engine-counters.js';
import { newCounters, walBytesSinceCheckpoint } from './engine-counters.js';
import type { EmbeddedStorageStats } from './engine-stats.js';
import { engineStats, SeriesCounter } from './engine-stats.js';
import type { Head } from './head.js';
import type { ResolvedOptions } from './options.js';
import { compileSelector, HeadQuerier } from './querier.js';
import { Retention } from './retention.js';
import type { ReplayResult } from './replay.js';
import type { BlockReader } from './block/types.js';
import type { Wal } from './wal.js';

/**
 * The embedded engine: recent samples in the head, in memory, made durable by the WAL and
 * compacted by checkpoints; older ones in immutable time blocks on disk, cut from the head once a
 * 2 h range lies an hour behind the newest sample. Built by `openEmbeddedStorage`, which loads
 * the blocks and replays the directory first. An append changes the head at once and resolves
 * after the WAL sync, so a query may see samples whose append has not resolved yet; a crash can
 * lose those, never one whose append resolved.
 */
export class EmbeddedStorage implements Storage {
  readonly appender: Appender = {
    append: (batch) => this.append(batch),
    appendColumns: (batch) => this.appendColumns(batch),
  };
  readonly querier: HeadQuerier;
  private closed = false;
  private closing: Promise<void> | undefined;
  private checkpointing: Promise<void> | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly counts = newCounters();
  private readonly marks: CheckpointMarks;
  private readonly retention: Retention;
  private readonly seriesCounter = new SeriesCounter();
  /** The head was last cut into a block at this time (ms); a later cut makes the next block. */
  private lastCut = -Infinity;

  constructor(
    private readonly opts: ResolvedOptions,
    private readonly walDir: string,
    private readonly head: Head,
    private readonly wal: Wal,
    private readonly lock: DirLock,
    private readonly replay: ReplayResult,
    private readonly blocks: BlockSet,
    private readonly blocksCorrupt: number,
  ) {
    this.querier = new HeadQuerier(head, blocks, () => this.checkOpen('query storage'));
    head.storedElsewhere = (series, t) => blocks.valueAt(series.labels, series.hash, t);
    head.storedElsewhereUpTo = blocks.maxT;
    this.marks = {
      // What replay read still sits in the WAL, so it counts towards the next checkpoint.
      walBytesAtCheckpoint: -replay.walBytes,
      lastCheckpointBytes: replay.checkpointBytes,
      samplesAtCheckpoint: replay.checkpointBytes > 0 ? head.sampleCount : 0,
    };
    this.retention = new Retention(opts, head, blocks, wal, this.marks, this.counts);
  }

  /** Starts retention and checkpoint timers; they never keep the process alive. */
  start(): void {
    this.timers.push(
      setInterval(() => {
        this.applyRetention().catch((err: unknown) => this.opts.logger.warn(describeError(err)));
      }, this.opts.retentionIntervalMs).unref(),
    );
    this.timers.push(setInterval(() => this.maybeCheckpoint(), this.opts.checkpointIntervalMs).unref());
  }

  stats(): EmbeddedStorageStats {
    const { head, blocks, wal, replay, blocksCorrupt, counts, marks } = this;
    const parts = { head, blocks, wal, replay, blocksCorrupt, counts, marks };
    return engineStats(parts, this.seriesCounter.count(head, blocks));
  }

  /**
   * Oldest timestamp (ms) an append may carry: the out-of-order window behind the newest sample,
   * but measured from the clock when the newest sample is in the future (so one sender with a
   * wrong clock cannot push everyone else out), and never before the retention horizon.
   */
  minValidTime(): number {
    const now = this.opts.clock();
    const newest = Math.min(this.head.maxT, now);
    return Math.max(newest - this.opts.outOfOrderWindowMs, now - this.opts.retentionMs, this.retention.floor);
  }

  /** Retention by age and size (`Retention.apply`); runs on a timer. */
  async applyRetention(): Promise<void> {
    if (this.closed) return;
    await this.retention.apply();
  }

  /**
   * Cuts the head into a block now if a 2 h range is due (see `compactionCut`), or, with `all`,
   * everything the head holds (tests and benchmarks: the data "once sealed"), then merges
   * blocks that are due, each after any maintenance already queued; the cut ends with a
   * checkpoint. Rejects with `StorageIOError` when the block cannot be written; the head then
   * still holds everything.
   */
  async compact(opts: { all?: boolean } = {}): Promise<void> {
    this.checkOpen('compact storage');
    await this.exclusive(() =>
      this.runCompaction(opts.all === true ? Infinity : compactionCut(this.head.maxT)),
    );
    const mergeNext = async (): Promise<boolean> => {
      const sources = this.nextMerge();
      if (sources !== undefined) await this.runMerge(sources);
      return sources !== undefined;
    };
    while (await this.exclusive(mergeNext));
  }

  /**
   * Writes a checkpoint now (after any running one) and deletes the WAL segments it covers.
   * Rejects with `StorageIOError` when it cannot; the WAL then still holds everything.
   */
  async checkpoint(): Promise<void> {
    this.checkOpen('write checkpoint');
    await this.exclusive(() => this.runCheckpoint());
  }

  /**
   * Storage contract: deletes samples by matcher (`deleteSamples`), one maintenance task among
   * checkpoints and compactions, so a checkpoint never holds samples appended after a deletion
   * that the WAL replays after it.
   */
  async deleteSeries(matchers: readonly Matcher[], range: TimeRange): Promise<DeleteResult> {
    this.checkOpen('delete series');
    const compiled = compileSelector(matchers);
    if (Number.isNaN(range.minT) || Number.isNaN(range.maxT)) {
      throw new InvalidQueryError(
        `cannot delete series: time range [${range.minT}, ${range.maxT}] is not a number`,
      );
    }
    const target = { head: this.head, wal: this.wal, blocks: this.blocks, querier: this.querier };
    return this.exclusive(() => deleteSamples(target, matchers, compiled, range));
  }

  /**
   * Storage contract: rewrites every block with deleted ranges without those samples, one block
   * at a time among the other maintenance tasks; reads see the same samples before and after.
   */
  async cleanTombstones(): Promise<void> {
    this.checkOpen('clean tombstones');
    const rewriteOne = async (): Promise<boolean> => {
      const block = this.blocks.all.find((b) => this.blocks.hasDeletions(b));
      if (block !== undefined) await this.runMerge([block]);
      return block !== undefined;
    };
    while (await this.exclusive(rewriteOne));
  }

  /** Flushes the WAL, stops timers, releases the directory. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async append(batch: readonly SeriesSamples[]): Promise<AppendResult> {
    return this.applyAndCommit(() => applyBatch(this.head, batch, this.minValidTime()));
  }

  /** `append` for a batch in columns (the remote_write path); the same contract. */
  private async appendColumns(batch: ColumnarBatch): Promise<AppendResult> {
    return this.applyAndCommit(() => applyColumns(this.head, batch, this.minValidTime()));
  }

  /** Applies an append to the head, counts it, and resolves once its WAL frames are synced. */
  private async applyAndCommit(apply: () => AppliedBatch): Promise<AppendResult> {
    this.checkOpen('append to storage');
    const failure = this.wal.error;
    if (failure !== undefined) throw failure;
    const { result, frames } = apply();
    this.counts.appended += result.accepted;
    for (const [reason, n] of Object.entries(result.rejected) as [RejectReason, number][]) {
      this.counts.rejected += n;
      this.counts.rejectedByReason[reason] = (this.counts.rejectedByReason[reason] ?? 0) + n;
    }
    if (frames.length > 0) this.wal.log(frames);
    // Also when nothing new was logged: an identical sample accepted here may still be in flight.
    await this.wal.commit();
    return result;
  }

  /** On a timer: cuts a block when a range is due, else checkpoints when enough WAL piled up. */
  private maybeCheckpoint(): void {
    if (this.closed || this.checkpointing !== undefined) return;
    const cut = compactionCut(this.head.maxT);
    if (cut > this.lastCut) {
      this.exclusive(() => this.runCompaction(cut)).catch((err: unknown) =>
        this.opts.logger.warn(describeError(err)),
      );
      return;
    }
    const merge = this.nextMerge();
    if (merge !== undefined) {
      this.exclusive(() => this.runMerge(merge)).catch((err: unknown) =>
        this.opts.logger.warn(describeError(err)),
      );
      return;
    }
    const since = walBytesSinceCheckpoint(this.wal.loggedBytes, this.marks);
    if (since <= 0 || since < Math.max(this.opts.checkpointMinBytes, this.marks.lastCheckpointBytes)) return;
    this.exclusive(() => this.runCheckpoint()).catch((err: unknown) =>
      this.opts.logger.warn(describeError(err)),
    );
  }

  /**
   * Runs a checkpoint, compaction, merge or deletion after the ones already queued, one at a
   * time; `checkpointing` is the tail of that queue and never rejects, for `close` to await.
   */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = (this.checkpointing ?? Promise.resolve()).then(task);
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

  /**
   * Cuts the samples before `cut` into a block (`cutBlock`), then writes a checkpoint. The block
   * records the WAL segment being written now: until a checkpoint numbered at least that exists,
   * the WAL still holds the block's data, and a crash before it makes the next open delete the
   * block (its data is replayed into the head instead), so nothing is lost and nothing counted
   * twice.
   */
  private async runCompaction(cut: number): Promise<void> {
    const started = performance.now();
    const id = this.blocks.takeId();
    try {
      await cutBlock(this.head, this.blocks, cut, id, this.wal.stats().segment, this.opts.logger);
      if (cut > this.lastCut) this.lastCut = cut;
      this.counts.blockCompactions++;
      this.counts.blockCompactionSeconds += (performance.now() - started) / 1000;
    } catch (err) {
      this.counts.blockCompactionFailures++;
      throw new StorageIOError(
        `cannot write block ${blockFileName(id)} in ${this.blocks.dir}: ${describeError(err)}`,
        {
          cause: err,
        },
      );
    }
    await this.runCheckpoint();
  }

  /** Blocks due to be merged into one (see `planMerge`), if any. */
  private nextMerge(): BlockReader[] | undefined {
    const span = mergeSpanMs(this.opts.retentionMs);
    return planMerge(this.blocks.all, span, this.lastCut);
  }

  /**
   * Merges blocks into one larger block, written by a worker thread, leaving out what their
   * tombstones delete (one block alone is rewritten without its deleted samples). The new block
   * names its sources (`replaces`), so if a crash leaves both, the next open deletes the sources;
   * a block left empty by deletions goes too.
   */
  private async runMerge(sources: BlockReader[]): Promise<void> {
    const started = performance.now();
    const id = this.blocks.takeId();
    try {
      const deleted = sources.map((b) => this.blocks.deletions(b));
      const written = await mergeBlocks(this.blocks.dir, id, sources, { deleted });
      const block = this.blocks.open(written.path);
      this.blocks.add(block);
      await this.blocks.drop(sources);
      if (written.meta.series === 0) await this.blocks.drop([block]);
      this.counts.blockMerges++;
      const what =
        sources.length === 1
          ? `rewrote block ${sources[0]!.meta.id} without its deleted samples as ${blockFileName(id)}`
          : `merged blocks ${sources.map((b) => b.meta.id).join(', ')} into ${blockFileName(id)}`;
      this.opts.logger.info(
        `${what}: ${written.meta.series} series, ${written.meta.samples} samples in ${written.bytes} bytes, ` +
          `${Math.round(performance.now() - started)} ms`,
      );
    } catch (err) {
      this.counts.blockCompactionFailures++;
      throw new StorageIOError(`cannot merge blocks into ${blockFileName(id)}: ${describeError(err)}`, {
        cause: err,
      });
    }
  }

  private async runCheckpoint(): Promise<void> {
    const started = performance.now();
    const sink = this.opts.checkpointInWorker ? workerSink() : inlineSink();
    try {
      const mark = this.wal.loggedBytes;
      const last = await this.wal.cut();
      this.marks.lastCheckpointBytes = await writeCheckpoint(this.walDir, last, this.head, sink);
      this.marks.samplesAtCheckpoint = this.head.sampleCount;
      this.marks.walBytesAtCheckpoint = mark;
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
      this.blocks.close();
      await this.lock.release();
    }
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new StorageClosedError(`cannot ${what}: it is closed`);
  }
}

import { describeError } from '@seahawks/model';
import type { Matcher } from '@seahawks/model';
import type { Pool } from 'pg';
import { StorageClosedError } from '../../storage/errors.js';
import type {
  AppendResult,
  Appender,
  DeleteResult,
  SeriesSamples,
  Storage,
  StorageStats,
  TimeRange,
} from '../../storage/storage.js';
import { AppendGate } from './append-gate.js';
import { sqlState } from './classify.js';
import { deleteMatchingSeries } from './delete-series.js';
import { describeConflict, planBatch, resultOf } from './ingest-plan.js';
import type { IngestPlan } from './ingest-plan.js';
import type { SamplesLayout } from './migrations.js';
import type { ResolvedOptions } from './options.js';
import { PartitionKeeper } from './partitions.js';
import type { CopyRows } from './pg-binary.js';
import { GroupCommit } from './group-commit.js';
import { PostgresQuerier } from './querier.js';
import { SampleWriter } from './sample-writer.js';
import { SeriesIds } from './series-ids.js';

/** SQLSTATE of "no partition of relation samples found for row": a partition we knew is gone. */
const NO_PARTITION = '23514';

/** The PostgreSQL engine's counters; counts are since this open unless named otherwise. */
export interface PostgresStorageStats extends StorageStats {
  readonly layout: SamplesLayout;
  /** Transactions written by COPY straight into `samples`, and through the staging table. */
  readonly directCommits: number;
  readonly stagedCommits: number;
  /** Appends written, and the transactions they took (group commit merges concurrent ones). */
  readonly appendsWritten: number;
  readonly transactions: number;
  readonly partitionsCreated: number;
  readonly partitionsDropped: number;
  readonly maintenanceFailures: number;
  /** Deletions done (`deleteSeries`), and the samples they removed. */
  readonly deletions: number;
  readonly samplesDeleted: number;
}

/** Rows of a batch written per transaction at most, when concurrent appends are merged. */
const MAX_ROWS_PER_COMMIT = 50_000;

function encodeRows(plan: IngestPlan, rows: CopyRows): void {
  for (const s of plan.series) for (const sample of s.samples) rows.add(s.id!, sample);
}

function describeRow(plan: IngestPlan, ord: number): string {
  let rest = ord;
  for (const s of plan.series) {
    if (rest < s.samples.length) return describeConflict(s.labels, s.samples[rest]!.t);
    rest -= s.samples.length;
  }
  return `cannot append sample #${ord}: timestamp already has another value`;
}

/**
 * The PostgreSQL engine, built by `openPostgresStorage` once the schema is up to date. An append
 * is one transaction and resolves after its COMMIT; a query sees exactly the committed samples.
 * When the server goes away, appends and queries reject with `StorageIOError` and the pool
 * reconnects on its own once the server is back.
 */
export class PostgresStorage implements Storage {
  readonly appender: Appender = {
    append: (batch) => this.track(this.gate.shared(() => this.append(batch))),
  };
  readonly querier: PostgresQuerier;
  private readonly ids: SeriesIds;
  private readonly partitions: PartitionKeeper;
  private readonly writer: SampleWriter;
  private readonly commits: GroupCommit;
  private readonly gate = new AppendGate();
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly counts = {
    appended: 0,
    rejected: 0,
    maintenanceFailures: 0,
    deletions: 0,
    samplesDeleted: 0,
  };

  constructor(
    private readonly opts: ResolvedOptions,
    private readonly pool: Pool,
    readonly layout: SamplesLayout,
    private readonly seriesAtOpen: number,
  ) {
    this.ids = new SeriesIds(pool, opts.seriesCacheSize);
    this.partitions = new PartitionKeeper(pool, layout, opts.partitionInterval, opts.logger);
    this.writer = new SampleWriter(pool, opts.writePath);
    this.commits = new GroupCommit(this.writer, opts.writeConnections, MAX_ROWS_PER_COMMIT);
    this.querier = new PostgresQuerier(pool, () => this.checkOpen('query storage'));
  }

  /** Starts partition upkeep on a timer that never keeps the process alive. */
  start(): void {
    this.timer = setInterval(() => {
      this.maintain().catch((err: unknown) => {
        this.counts.maintenanceFailures++;
        this.opts.logger.warn(describeError(err));
      });
    }, this.opts.maintenanceIntervalMs).unref();
  }

  /** Creates partitions ahead of the clock and drops expired ones; returns the names dropped. */
  async maintain(): Promise<string[]> {
    this.checkOpen('maintain partitions');
    const ahead = this.opts.futureWindowMs + this.opts.partitionInterval;
    return this.track(this.partitions.maintain(this.opts.clock(), ahead, this.opts.retentionMs));
  }

  /**
   * Deletes in one transaction (delete-series.ts), alone: appends under way finish first and new
   * ones wait, then the id cache forgets the series rows removed. Another nester sharing the
   * database keeps its own cache: see docs/postgres.md, "Deleting series".
   */
  deleteSeries(matchers: readonly Matcher[], range: TimeRange): Promise<DeleteResult> {
    return this.track(
      this.gate.exclusive(async () => {
        this.checkOpen('delete series');
        const { samples, series, deletedIds } = await deleteMatchingSeries(
          this.pool,
          this.layout,
          matchers,
          range,
        );
        this.ids.forget(deletedIds);
        this.counts.deletions++;
        this.counts.samplesDeleted += samples;
        return { samples, series };
      }),
    );
  }

  /** Storage contract: nothing is left to clean, `deleteSeries` removed the rows. */
  cleanTombstones(): Promise<void> {
    this.checkOpen('clean tombstones');
    return Promise.resolve();
  }

  stats(): PostgresStorageStats {
    return {
      series: this.seriesAtOpen + this.ids.createdCount - this.ids.deletedCount,
      samplesAppended: this.counts.appended,
      samplesRejected: this.counts.rejected,
      layout: this.layout,
      ...this.writer.stats,
      ...this.commits.stats,
      ...this.partitions.stats,
      maintenanceFailures: this.counts.maintenanceFailures,
      deletions: this.counts.deletions,
      samplesDeleted: this.counts.samplesDeleted,
    };
  }

  /** Waits for running appends and queries' connections, then closes the pool. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async append(batch: readonly SeriesSamples[]): Promise<AppendResult> {
    this.checkOpen('append to storage');
    const now = this.opts.clock();
    const plan = planBatch(batch, this.ids, {
      minValidT: now - this.opts.retentionMs,
      maxValidT: now + this.opts.futureWindowMs,
      bucketMs: this.opts.partitionInterval,
    });
    let conflicts: number[] = [];
    if (plan.rows > 0) {
      await this.ids.resolve(plan.series);
      await this.partitions.ensure(plan.buckets);
      try {
        conflicts = await this.commits.write(plan.rows, (rows) => encodeRows(plan, rows));
      } catch (err) {
        // Someone dropped a partition we knew of: look again before the sender's retry.
        if (sqlState((err as { cause?: unknown }).cause) === NO_PARTITION) this.partitions.forget();
        throw err;
      }
    }
    const result = resultOf(plan, conflicts.length, () => describeRow(plan, conflicts[0]!));
    this.counts.appended += result.accepted;
    for (const n of Object.values(result.rejected)) this.counts.rejected += n;
    return result;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = (): void => {
      this.inFlight.delete(work);
    };
    work.then(done, done);
    return work;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
    await this.pool.end();
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new StorageClosedError(`cannot ${what}: it is closed`);
  }
}

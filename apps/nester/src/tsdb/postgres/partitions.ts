import type { Pool } from 'pg';
import { classified } from './classify.js';
import type { SamplesLayout } from './migrations.js';
import type { PostgresLogger } from './options.js';

export interface PartitionStats {
  partitionsCreated: number;
  partitionsDropped: number;
}

/** A timestamp parameter: ISO 8601 in UTC, which PostgreSQL reads whatever its settings. */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Keeps `samples` partitioned by time: partitions `bucketMs` wide, aligned to the Unix epoch,
 * made before a sample needs one (ahead of the clock on a timer, and on demand for late
 * samples), and dropped whole once they end before the retention horizon. With a hypertable
 * TimescaleDB does both (chunks on insert, a retention policy), and every method is a no-op.
 */
export class PartitionKeeper {
  readonly stats: PartitionStats = { partitionsCreated: 0, partitionsDropped: 0 };
  /** Buckets (`floor(t / bucketMs)`) known to be covered by partitions. */
  private readonly covered = new Set<number>();

  constructor(
    private readonly pool: Pool,
    private readonly layout: SamplesLayout,
    readonly bucketMs: number,
    private readonly logger: PostgresLogger,
  ) {}

  /**
   * Makes sure every bucket in `buckets` has partitions, creating the missing ones (a few ms
   * each; the creation locks `samples` briefly).
   *
   * @throws StorageIOError when the database cannot be reached.
   */
  async ensure(buckets: Iterable<number>): Promise<void> {
    if (this.layout === 'hypertable') return;
    const missing = [...buckets].filter((b) => !this.covered.has(b)).sort((a, b) => a - b);
    if (missing.length === 0) return;
    await classified('create partitions of samples', async () => {
      for (const bucket of missing) {
        const { rows } = await this.pool.query<{ created: number }>(
          'SELECT seahawks_ensure_partitions($1::timestamptz, $2::timestamptz) AS created',
          [iso(bucket * this.bucketMs), iso((bucket + 1) * this.bucketMs)],
        );
        this.stats.partitionsCreated += rows[0]?.created ?? 0;
        this.covered.add(bucket);
      }
    });
  }

  /** Forgets which partitions exist (one vanished under us), so `ensure` asks the database again. */
  forget(): void {
    this.covered.clear();
  }

  /**
   * Creates the partitions from `now` up to `now + aheadMs` and drops those ending at or before
   * `now - retentionMs`. Returns the names dropped.
   */
  async maintain(now: number, aheadMs: number, retentionMs: number): Promise<string[]> {
    if (this.layout === 'hypertable') return [];
    const first = Math.floor(now / this.bucketMs);
    const last = Math.floor((now + aheadMs) / this.bucketMs);
    const ahead: number[] = [];
    for (let b = first; b <= last; b++) ahead.push(b);
    await this.ensure(ahead);
    const cutoff = now - retentionMs;
    const dropped = await classified('drop expired partitions of samples', async () => {
      const { rows } = await this.pool.query<{ name: string }>(
        'SELECT seahawks_drop_partitions_before($1::timestamptz) AS name',
        [iso(cutoff)],
      );
      return rows.map((r) => r.name);
    });
    const horizon = Math.floor(cutoff / this.bucketMs);
    for (const b of this.covered) if (b < horizon) this.covered.delete(b);
    if (dropped.length > 0) {
      this.stats.partitionsDropped += dropped.length;
      this.logger.info(`dropped ${dropped.length} expired partitions of samples: ${dropped.join(', ')}`);
    }
    return dropped;
  }
}

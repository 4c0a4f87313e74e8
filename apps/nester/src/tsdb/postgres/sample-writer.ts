import { finished } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { classifyPgError, sqlState, UNIQUE_VIOLATION } from './classify.js';

/**
 * How rows reach `samples`:
 * - `copy-first`: binary COPY straight into `samples`; if a row's (series_id, time) is taken,
 *   nothing is written and the same rows go the staging way.
 * - `staging`: always through a staging table, then `INSERT … ON CONFLICT DO NOTHING` (measured
 *   slower; see docs/postgres.md).
 */
export type WritePath = 'copy-first' | 'staging';

export interface WriterStats {
  /** Transactions committed by the direct COPY, and through the staging table. */
  directCommits: number;
  stagedCommits: number;
}

const COPY_SAMPLES = 'COPY samples (time, series_id, value) FROM STDIN (FORMAT binary)';
const STAGING_TABLE = `CREATE TEMP TABLE IF NOT EXISTS seahawks_staging (
  time timestamptz, series_id bigint, value double precision, ord integer
) ON COMMIT DELETE ROWS`;
const COPY_STAGING = 'COPY pg_temp.seahawks_staging (time, series_id, value, ord) FROM STDIN (FORMAT binary)';
const MERGE_STAGING = `INSERT INTO samples (time, series_id, value)
  SELECT time, series_id, value FROM pg_temp.seahawks_staging ON CONFLICT DO NOTHING`;
// A row is refused when its time is taken by other bits (NULL, the staleness marker, included);
// a row identical to the stored one is a harmless repeat (a sender retrying after a lost ack).
const FIND_CONFLICTS = `SELECT st.ord FROM pg_temp.seahawks_staging st
  JOIN samples s ON s.series_id = st.series_id AND s.time = st.time
  WHERE float8send(s.value) IS DISTINCT FROM float8send(st.value)`;

async function copyIn(client: PoolClient, statement: string, data: Buffer): Promise<void> {
  const stream = client.query(copyFrom(statement));
  stream.end(data);
  await finished(stream);
}

/**
 * Writes rows of `samples`, one transaction per call, and resolves only after its commit, so
 * whatever it resolved for is durable (with the server's default `synchronous_commit = on`).
 */
export class SampleWriter {
  readonly stats: WriterStats = { directCommits: 0, stagedCommits: 0 };

  constructor(
    private readonly pool: Pool,
    private readonly path: WritePath,
  ) {}

  /**
   * Writes the rows `build` encodes (binary COPY, `withOrd` adds the row index) and returns the
   * indexes of rows refused because their time holds another value.
   *
   * @throws StorageIOError (retry) or InvalidInputError (do not), nothing written in both cases.
   */
  async write(build: (withOrd: boolean) => Buffer): Promise<number[]> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw classifyPgError(err, 'connect to postgres');
    }
    let broken = false;
    try {
      if (this.path === 'copy-first' && (await this.tryDirect(client, build(false)))) return [];
      return await this.staged(client, build(true));
    } catch (err) {
      // The connection's state is unknown after a failure inside a transaction: never reuse it.
      broken = true;
      throw classifyPgError(err, 'write samples');
    } finally {
      client.release(broken);
    }
  }

  /**
   * True when committed; false when a row was taken (nothing written, the connection usable).
   * One statement outside a transaction block is a transaction of its own: the server commits it
   * before it says ReadyForQuery, and the COPY stream finishes only on that, so no BEGIN/COMMIT
   * round trips are needed for the common case.
   */
  private async tryDirect(client: PoolClient, data: Buffer): Promise<boolean> {
    try {
      await copyIn(client, COPY_SAMPLES, data);
    } catch (err) {
      if (sqlState(err) !== UNIQUE_VIOLATION) throw err;
      return false;
    }
    this.stats.directCommits++;
    return true;
  }

  private async staged(client: PoolClient, data: Buffer): Promise<number[]> {
    await client.query('BEGIN');
    await client.query(STAGING_TABLE);
    await copyIn(client, COPY_STAGING, data);
    await client.query(MERGE_STAGING);
    const { rows } = await client.query<{ ord: number }>(FIND_CONFLICTS);
    await client.query('COMMIT');
    this.stats.stagedCommits++;
    return rows.map((r) => r.ord);
  }
}

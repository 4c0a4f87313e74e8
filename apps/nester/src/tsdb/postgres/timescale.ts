// Everything the engine does only when TimescaleDB is there: deciding the layout of `samples`
// (once, when it is created) and keeping the hypertable's policies in step with the config.
// The hypertable itself and its compression settings are migration 2 (migrations.ts).
import { describeError } from '@seahawks/model';
import type { SamplesLayout, Statement } from './migrations.js';
import type { PostgresLogger, TimescaleChoice } from './options.js';

/** The part of a `pg` client or pool this module needs (a fake one in the unit tests). */
export interface SqlRunner {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}

/**
 * A hypertable when TimescaleDB is installed in the database or can be (it must be in
 * `shared_preload_libraries`); plain partitions otherwise. Runs inside the migration's
 * transaction: a failed `CREATE EXTENSION` is rolled back to a savepoint and logged.
 */
export async function chooseLayout(
  client: SqlRunner,
  opts: { readonly timescaledb: TimescaleChoice; readonly logger: PostgresLogger },
): Promise<SamplesLayout> {
  if (opts.timescaledb === 'off') return 'partitioned';
  const installed = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`);
  if (installed.rowCount !== 0) return 'hypertable';
  const available = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
  if (available.rowCount === 0) return 'partitioned';
  await client.query('SAVEPOINT timescaledb');
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    await client.query('RELEASE SAVEPOINT timescaledb');
    return 'hypertable';
  } catch (err) {
    await client.query('ROLLBACK TO SAVEPOINT timescaledb');
    opts.logger.warn(
      `cannot create extension timescaledb, using plain time partitions: ${describeError(err)}`,
    );
    return 'partitioned';
  }
}

/**
 * The hypertable's policies as the config says: retention drops chunks older than `retentionMs`
 * (`add_retention_policy`); compression packs chunks older than two chunk intervals, segmented by
 * series (settings in migration 2). Each is removed first, so a changed config replaces it.
 */
export function timescalePolicyStatements(retentionMs: number, partitionInterval: number): Statement[] {
  return [
    { text: `SELECT remove_retention_policy('samples', if_exists => true)` },
    {
      text: `SELECT add_retention_policy('samples', drop_after => $1::interval)`,
      values: [`${retentionMs} milliseconds`],
    },
    { text: `SELECT remove_compression_policy('samples', if_exists => true)` },
    {
      text: `SELECT add_compression_policy('samples', compress_after => $1::interval)`,
      values: [`${2 * partitionInterval} milliseconds`],
    },
  ];
}

/** Applies `timescalePolicyStatements`, at every open, so the policies follow the config. */
export async function applyTimescalePolicies(
  client: SqlRunner,
  retentionMs: number,
  partitionInterval: number,
): Promise<void> {
  for (const s of timescalePolicyStatements(retentionMs, partitionInterval)) {
    await client.query(s.text, s.values === undefined ? undefined : [...s.values]);
  }
}

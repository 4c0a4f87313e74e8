import type { Pool, PoolClient } from 'pg';
import { classified } from './classify.js';
import { MIGRATION_LOCK, MIGRATIONS } from './migrations.js';
import type { SamplesLayout } from './migrations.js';
import type { PostgresLogger, TimescaleChoice } from './options.js';
import { chooseLayout } from './timescale.js';

export interface MigrateOptions {
  readonly logger: PostgresLogger;
  readonly timescaledb: TimescaleChoice;
  /** Width of one partition or chunk, ms; used when `samples` is created. */
  readonly partitionInterval: number;
  /** Apply migrations up to this version only (tests build "old" databases with it). */
  readonly toVersion?: number;
}

export interface MigrateResult {
  /** Versions applied by this call, in order; empty when the database was up to date. */
  readonly applied: number[];
  /** The layout of `samples`; undefined only when stopped before migration 2. */
  readonly layout: SamplesLayout | undefined;
}

/**
 * Brings the schema up to date: all pending migrations in one transaction, under an advisory
 * lock, each recorded in `seahawks_migrations`. A failure rolls everything back. Running it on an
 * up-to-date database changes nothing.
 *
 * @throws StorageIOError when the server cannot be reached or refuses a statement.
 */
export async function migrate(pool: Pool, opts: MigrateOptions): Promise<MigrateResult> {
  return classified('migrate postgres schema', async () => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const result = await migrateIn(client, opts);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
          broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
        });
        throw err;
      }
    } finally {
      client.release(broken);
    }
  });
}

async function migrateIn(client: PoolClient, opts: MigrateOptions): Promise<MigrateResult> {
  await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
  await client.query(`CREATE TABLE IF NOT EXISTS seahawks_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const done = new Set(
    (await client.query<{ version: number }>('SELECT version FROM seahawks_migrations')).rows.map(
      (r) => r.version,
    ),
  );
  const target = opts.toVersion ?? MIGRATIONS.length;
  const pending = MIGRATIONS.filter((m) => m.version <= target && !done.has(m.version));
  let layout = done.has(2) ? await storedLayout(client) : undefined;
  if (layout === undefined && pending.some((m) => m.version === 2)) layout = await chooseLayout(client, opts);
  for (const m of pending) {
    // Migrations after 2 need the layout; 2 is always applied before them.
    const ctx = { layout: layout ?? 'partitioned', partitionInterval: opts.partitionInterval };
    for (const statement of m.statements(ctx)) {
      await client.query(statement.text, statement.values === undefined ? undefined : [...statement.values]);
    }
    await client.query('INSERT INTO seahawks_migrations (version, name) VALUES ($1, $2)', [
      m.version,
      m.name,
    ]);
  }
  if (pending.length > 0) {
    opts.logger.info(
      `applied postgres migrations ${pending.map((m) => m.version).join(', ')} (${layout ?? 'no samples table yet'})`,
    );
  }
  return { applied: pending.map((m) => m.version), layout };
}

async function storedLayout(client: PoolClient): Promise<SamplesLayout> {
  const { rows } = await client.query<{ value: string }>(
    `SELECT value FROM seahawks_settings WHERE key = 'samples_layout'`,
  );
  const value = rows[0]?.value;
  if (value === 'partitioned' || value === 'hypertable') return value;
  throw new Error(
    `seahawks_settings.samples_layout is ${JSON.stringify(value)}, want partitioned or hypertable`,
  );
}

import { describeError } from '@seahawks/model';
import { Pool } from 'pg';
import { StorageIOError } from '../../storage/errors.js';
import { classifyPgError } from './classify.js';
import { migrate } from './migrate.js';
import type { SamplesLayout } from './migrations.js';
import { resolveOptions } from './options.js';
import type { PostgresOptions, ResolvedOptions } from './options.js';
import { PostgresStorage } from './postgres-storage.js';
import { applyTimescalePolicies } from './timescale.js';

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch (err) {
    return `(unparsable postgres URL: ${describeError(err)})`;
  }
}

function ignoreReportedElsewhere(): void {
  // See createPool: the failing statement or the pool's own 'error' event reports it.
}

/** A pool whose connections carry the engine's timeouts; idle connections dying are logged, not fatal. */
export function createPool(opts: ResolvedOptions): Pool {
  const pool = new Pool({
    connectionString: opts.url,
    max: opts.poolSize,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    // Both bounds server-side: a statement, and a transaction whose client vanished mid-way.
    statement_timeout: opts.statementTimeoutMs,
    idle_in_transaction_session_timeout: opts.statementTimeoutMs,
    // And client-side, for a server that stops answering without closing the socket.
    query_timeout: opts.statementTimeoutMs + 5000,
    keepAlive: true,
    application_name: 'seahawks-nester',
  });
  // Without listeners, a connection closed by the server (a restart) would crash the process:
  // idle ones report through the pool; one checked out between two statements reports through
  // the client, and its next statement fails (classified there), so it needs no message here.
  pool.on('error', (err) => opts.logger.warn(`postgres connection lost while idle: ${describeError(err)}`));
  pool.on('connect', (client) => client.on('error', ignoreReportedElsewhere));
  return pool;
}

/**
 * The series key hashes label text as the server sends it (`jsonb_send`), so the server must hold
 * UTF-8, as the nester's connections speak it; any other encoding is refused up front.
 */
async function checkEncoding(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ e: string }>(`SELECT current_setting('server_encoding') AS e`);
  const encoding = rows[0]?.e;
  if (encoding !== 'UTF8') {
    throw new StorageIOError(
      `cannot use database: its encoding is ${encoding}, want UTF8 (CREATE DATABASE … ENCODING 'UTF8')`,
    );
  }
}

/**
 * Opens the PostgreSQL engine on the database at `options.url`: applies pending migrations
 * (creating the schema in an empty database), sets TimescaleDB's policies or creates the next
 * partitions and drops expired ones, and starts that upkeep on a timer.
 *
 * @throws InvalidInputError when an option is out of bounds.
 * @throws StorageIOError when the server cannot be reached or the schema cannot be brought up to date.
 */
export async function openPostgresStorage(options: PostgresOptions): Promise<PostgresStorage> {
  const opts = resolveOptions(options);
  const where = redactUrl(opts.url);
  const pool = createPool(opts);
  try {
    const started = performance.now();
    await checkEncoding(pool);
    const { layout } = await migrate(pool, {
      logger: opts.logger,
      timescaledb: opts.timescaledb,
      partitionInterval: opts.partitionInterval,
    });
    const samplesLayout: SamplesLayout = layout ?? 'partitioned';
    if (samplesLayout === 'hypertable')
      await applyTimescalePolicies(pool, opts.retentionMs, opts.partitionInterval);
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM series');
    const storage = new PostgresStorage(opts, pool, samplesLayout, Number(rows[0]?.n ?? 0));
    await storage.maintain();
    storage.start();
    const ms = Math.round(performance.now() - started);
    opts.logger.info(
      `opened postgres storage ${where}: ${samplesLayout} samples, ${rows[0]?.n} series, in ${ms} ms`,
    );
    return storage;
  } catch (err) {
    await pool
      .end()
      .catch((endErr: unknown) => opts.logger.warn(`cannot close postgres pool: ${describeError(endErr)}`));
    throw classifyPgError(err, `open postgres storage ${where}`);
  }
}

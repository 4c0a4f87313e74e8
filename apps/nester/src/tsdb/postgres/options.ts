import { InvalidInputError } from '@seahawks/model';
import type { WritePath } from './sample-writer.js';

/** Where the engine reports what a person should know (pino's logger fits). */
export interface PostgresLogger {
  warn(msg: string): void;
  info(msg: string): void;
}

/** Whether to use TimescaleDB when the server offers it (decided once, when the schema is created). */
export type TimescaleChoice = 'auto' | 'off';

/** Options of `openPostgresStorage`. Durations are milliseconds. */
export interface PostgresOptions {
  /**
   * Connection URL, `postgres://user:password@host:5432/database`; libpq's query options apply
   * (`?sslmode=require`, `?options=-c%20search_path%3Dseahawks` for a schema of its own).
   */
  readonly url: string;
  /** Connections at most; each append or query holds one while it runs. Default 8. */
  readonly poolSize?: number;
  /** Current time in ms since the epoch; retention and the accepted time window read it. */
  readonly clock?: () => number;
  readonly logger?: PostgresLogger;
  /**
   * Samples older than `clock() - retentionMs` are refused as `too_old`; whole partitions (or
   * TimescaleDB chunks) ending before it are dropped. Default 15 d, at least 1 h.
   */
  readonly retentionMs?: number;
  /** Width of one `samples` partition (or hypertable chunk). Default 1 d, 1 h to 7 d, whole hours. */
  readonly partitionInterval?: number;
  /** How far ahead of the clock a sample may be (partitions are made for it). Default 1 d. */
  readonly futureWindowMs?: number;
  /** How often partitions are created ahead and expired ones dropped. Default 10 min. */
  readonly maintenanceIntervalMs?: number;
  /** Server-side limit for one statement (`statement_timeout`). Default 60 s. */
  readonly statementTimeoutMs?: number;
  /** Limit for opening one connection. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Series ids kept in memory (labels -> id); the oldest are forgotten past it. Default 2 M. */
  readonly seriesCacheSize?: number;
  /** Default `auto`: a hypertable when the `timescaledb` extension can be created. */
  readonly timescaledb?: TimescaleChoice;
  /**
   * Connections writing samples at once; appends arriving meanwhile are merged into their next
   * transactions (group commit). Default: `poolSize - 1`, at least 1.
   */
  readonly writeConnections?: number;
  /** How appends reach `samples` (see `WritePath`). Default `copy-first`. */
  readonly writePath?: WritePath;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<PostgresOptions>;

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const quietConsole: PostgresLogger = {
  warn: (msg) => console.warn(msg),
  info: () => undefined,
};

function checkRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new InvalidInputError(`cannot open postgres storage: ${name} ${value} outside [${min}, ${max}]`);
  }
  return value;
}

/** Fills in defaults and checks bounds; throws `InvalidInputError` for a value out of bounds. */
export function resolveOptions(opts: PostgresOptions): ResolvedOptions {
  if (!/^postgres(ql)?:\/\//.test(opts.url)) {
    throw new InvalidInputError(
      'cannot open postgres storage: url must start with postgres:// or postgresql://',
    );
  }
  const partitionInterval = checkRange('partitionInterval', opts.partitionInterval ?? DAY, HOUR, 7 * DAY);
  if (partitionInterval % HOUR !== 0) {
    throw new InvalidInputError(
      `cannot open postgres storage: partitionInterval ${partitionInterval} is not a whole number of hours`,
    );
  }
  const poolSize = checkRange('poolSize', opts.poolSize ?? 8, 1, 1000);
  return {
    url: opts.url,
    poolSize,
    clock: opts.clock ?? Date.now,
    logger: opts.logger ?? quietConsole,
    retentionMs: checkRange('retentionMs', opts.retentionMs ?? 15 * DAY, HOUR, 100 * 365 * DAY),
    partitionInterval,
    futureWindowMs: checkRange('futureWindowMs', opts.futureWindowMs ?? DAY, 0, 7 * DAY),
    maintenanceIntervalMs: checkRange(
      'maintenanceIntervalMs',
      opts.maintenanceIntervalMs ?? 10 * 60 * SECOND,
      10,
      DAY,
    ),
    statementTimeoutMs: checkRange('statementTimeoutMs', opts.statementTimeoutMs ?? 60 * SECOND, 100, DAY),
    connectTimeoutMs: checkRange(
      'connectTimeoutMs',
      opts.connectTimeoutMs ?? 10 * SECOND,
      100,
      10 * 60 * SECOND,
    ),
    seriesCacheSize: checkRange('seriesCacheSize', opts.seriesCacheSize ?? 2_000_000, 0, 1e9),
    timescaledb: opts.timescaledb ?? 'auto',
    writePath: opts.writePath ?? 'copy-first',
    writeConnections: checkRange(
      'writeConnections',
      opts.writeConnections ?? Math.max(1, poolSize - 1),
      1,
      poolSize,
    ),
  };
}

import { after } from 'node:test';
import type { StorageFactory, StorageFixture } from '../../storage/conformance.js';
import { openPostgresStorage } from './open-postgres.js';
import type { PostgresLogger, PostgresOptions } from './options.js';
import type { PostgresStorage } from './postgres-storage.js';
import { startTempPostgres } from './temp-postgres.js';
import type { TempPostgres } from './temp-postgres.js';

const DAY = 86_400_000;
const RETENTION_MS = 15 * DAY;

/** A logger that keeps messages for assertions instead of printing them. */
export function memoryLogger(): PostgresLogger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (msg) => warnings.push(msg), info: () => undefined };
}

/**
 * One throwaway server per test file, started on first use and stopped when the file's tests
 * end (registered with `after` where the factory is made, at the top of a test file). When
 * PostgreSQL is missing, every case fails with the message naming the Debian package.
 */
export function sharedTempPostgres(): () => Promise<TempPostgres> {
  let server: Promise<TempPostgres> | undefined;
  after(async () => {
    // A failed start was already reported by every case that needed the server.
    if (server !== undefined) await (await server.catch(() => undefined))?.stop();
  });
  return () => (server ??= startTempPostgres());
}

/**
 * Factory of the conformance suite for the PostgreSQL engine: a fresh database per fixture on a
 * real server started by the test file, dropped by `cleanup`. The engine has no out-of-order
 * window of its own: anything inside retention is accepted in any order, and older samples are
 * `too_old`, so retention is the window the `too_old` case uses.
 */
export function postgresFactory(extra: Partial<PostgresOptions> = {}): StorageFactory {
  const server = sharedTempPostgres();
  return async () => {
    const pg = await server();
    const url = await pg.createDatabase();
    const open = (): Promise<PostgresStorage> =>
      openPostgresStorage({ poolSize: 4, logger: memoryLogger(), retentionMs: RETENTION_MS, ...extra, url });
    let current = await open();
    const fixture: StorageFixture = {
      get storage() {
        return current;
      },
      reopen: async () => (current = await open()),
      cleanup: async () => {
        await current.close();
        await pg.dropDatabase(url);
      },
      outOfOrderWindowMs: extra.retentionMs ?? RETENTION_MS,
    };
    return fixture;
  };
}

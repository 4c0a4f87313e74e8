import { join } from 'node:path';
import { parseDuration } from '@seahawks/model';
import type { NesterConfig } from './config/index.js';
import type { Storage } from './storage/index.js';
import { parseByteSize } from './tsdb/embedded/byte-size.js';
import { openEmbeddedStorage } from './tsdb/embedded/open-embedded.js';
import { openPostgresStorage } from './tsdb/postgres/open-postgres.js';

/** Where an engine reports what an operator should know (pino's logger fits). */
export interface StorageLogger {
  warn(msg: string): void;
  info(msg: string): void;
}

/**
 * Opens the engine `config.storage.engine` names, the one choice `main.ts` delegates here (and
 * the only module besides `main.ts` allowed to import an engine, see .dependency-cruiser.cjs):
 * `embedded` in `<dataDir>/tsdb`, or `postgres` at `storage.postgres.url` (docs/postgres.md).
 * Both apply `storage.retention`; only the embedded engine has an out-of-order window (the
 * PostgreSQL engine accepts any sample inside retention, in any order).
 *
 * @throws InvalidInputError when an option is out of bounds.
 * @throws StorageIOError when the directory or the database cannot be opened.
 */
export async function openStorage(
  config: NesterConfig,
  clock: () => number,
  logger: StorageLogger,
): Promise<Storage> {
  const retentionMs = parseDuration(config.storage.retention);
  switch (config.storage.engine) {
    case 'embedded':
      return openEmbeddedStorage({
        dir: join(config.dataDir, 'tsdb'),
        clock,
        logger,
        outOfOrderWindowMs: parseDuration(config.storage.outOfOrderWindow),
        retentionMs,
        retentionBytes: parseByteSize(config.storage.retentionSize),
      });
    case 'postgres': {
      // The schema makes `postgres` required with this engine; checked again for the types.
      const pg = config.storage.postgres;
      if (pg === undefined) throw new Error('cannot open postgres storage: storage.postgres.url is not set');
      return openPostgresStorage({ url: pg.url, poolSize: pg.poolSize, clock, logger, retentionMs });
    }
  }
}

// The promqltest scripts' series held by the PostgreSQL engine: one database per script file on a
// throwaway server, every `load` appended through the storage interface (so through binary COPY,
// the series-id cache and the partitions), every query answered by the engine's SQL.
import { after } from 'node:test';
import pg from 'pg';
import type { Matcher } from '@seahawks/model';
import type { Querier, TimeRange } from '../../apps/nester/src/storage/index.js';
import type { LoadedSeries } from '../../apps/nester/src/query/conformance/runner.js';
import type { ClosableScriptStore } from '../../apps/nester/src/query/conformance/suite.js';
import { openPostgresStorage } from '../../apps/nester/src/tsdb/postgres/index.js';
import type { PostgresStorage } from '../../apps/nester/src/tsdb/postgres/index.js';
import { startTempPostgres } from '../support/postgres.js';
import type { TempPostgres } from '../support/postgres.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/**
 * One server for the whole test file, started on first use and stopped after the file's tests
 * (call at the top level of the test file). Without PostgreSQL every store fails to open, naming
 * the Debian package.
 */
export function postgresScriptStores(): () => Promise<ClosableScriptStore> {
  let server: Promise<TempPostgres> | undefined;
  after(async () => {
    if (server !== undefined) await (await server.catch(() => undefined))?.stop();
  });
  return async () => openScriptStore(await (server ??= startTempPostgres()));
}

/**
 * The scripts' samples start at the Unix epoch. The engine refuses samples outside
 * `[clock − retention, clock + 1 d]`, so its clock follows the newest sample loaded (never
 * behind one day) and retention is long: every sample a script loads is accepted.
 */
async function openScriptStore(server: TempPostgres): Promise<ClosableScriptStore> {
  const url = await server.createDatabase();
  let now = DAY;
  const open = (): Promise<PostgresStorage> =>
    openPostgresStorage({
      url,
      poolSize: 4,
      clock: () => now,
      retentionMs: 50 * YEAR,
      logger: { warn: (msg) => console.warn(msg), info: () => undefined },
    });
  let storage = await open();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();

  const querier: Querier = {
    select: (matchers: readonly Matcher[], range: TimeRange) => storage.querier.select(matchers, range),
    series: (matchers, range) => storage.querier.series(matchers, range),
    labelNames: (matchers, range) => storage.querier.labelNames(matchers, range),
    labelValues: (name, matchers, range) => storage.querier.labelValues(name, matchers, range),
  };
  return {
    querier,
    load: async (series: readonly LoadedSeries[]) => {
      const batch = series.filter((s) => s.samples.length > 0);
      let total = 0;
      for (const s of batch) {
        total += s.samples.length;
        for (const p of s.samples) now = Math.max(now, p.t);
      }
      if (total === 0) return;
      const result = await storage.appender.append(batch);
      if (result.accepted !== total) {
        throw new Error(
          `cannot load ${total} samples into postgres: ${result.accepted} accepted, ` +
            `rejected ${JSON.stringify(result.rejected)}: ${result.firstError}`,
        );
      }
    },
    // Emptied in place; the engine is reopened because it caches series ids.
    clear: async () => {
      await storage.close();
      await admin.query('TRUNCATE samples, series RESTART IDENTITY');
      now = DAY;
      storage = await open();
    },
    close: async () => {
      await storage.close();
      await admin.end();
      await server.dropDatabase(url);
    },
  };
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { labelsFromRecord, SeahawksError } from '@seahawks/model';
import pg from 'pg';
import type { SeriesSamples } from '../../storage/storage.js';
import { memoryLogger } from './conformance-fixture.js';
import { openPostgresStorage } from './open-postgres.js';
import type { PostgresStorage } from './postgres-storage.js';
import { startTempPostgres } from './temp-postgres.js';
import type { TempPostgres } from './temp-postgres.js';

const SERIES = 20;
const BASE = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;

/** Batch `i`: one sample per series at `BASE + i s`, value `i`, like one scrape of a small host. */
function batch(i: number): SeriesSamples[] {
  return Array.from({ length: SERIES }, (_, s) => ({
    labels: labelsFromRecord({ __name__: 'outage_test', series: String(s) }),
    samples: [{ t: BASE + i * 1000, v: i }],
  }));
}

interface WriterLog {
  acknowledged: number[];
  errors: SeahawksError[];
  unexpected: unknown[];
}

/**
 * A sender as remote_write senders are: one batch at a time, each retried until acknowledged,
 * the next one only after it. Runs until `stop()`.
 */
function startWriter(storage: PostgresStorage): { log: WriterLog; stop: () => Promise<void> } {
  const log: WriterLog = { acknowledged: [], errors: [], unexpected: [] };
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      for (;;) {
        try {
          const result = await storage.appender.append(batch(i));
          assert.equal(result.accepted, SERIES, `batch ${i}: ${result.firstError}`);
          log.acknowledged.push(i);
          break;
        } catch (err) {
          if (err instanceof SeahawksError && (err.code === 'storage_io' || err.code === 'storage_closed')) {
            log.errors.push(err);
          } else {
            log.unexpected.push(err);
          }
          if (!running) return;
          await sleep(50);
        }
      }
    }
  })();
  return {
    log,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function waitFor(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`cannot see ${what} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe('postgres engine: PostgreSQL stopped during ingest', () => {
  let server: TempPostgres;
  let url: string;
  before(async () => {
    server = await startTempPostgres();
    url = await server.createDatabase();
  });
  after(async () => {
    await server?.stop();
  });

  it('fails appends with 5xx-class errors, resumes by itself, keeps every acknowledged sample once', async () => {
    const storage = await openPostgresStorage({
      url,
      poolSize: 4,
      connectTimeoutMs: 2000,
      logger: memoryLogger(),
    });
    const writer = startWriter(storage);
    try {
      await waitFor('acknowledged appends', () => writer.log.acknowledged.length >= 20, 10_000);
      await server.stopTemporarily();
      await waitFor('failed appends', () => writer.log.errors.length >= 5, 10_000);
      await assert.rejects(
        storage.querier.series([{ name: '__name__', type: '=', value: 'outage_test' }], {
          minT: BASE,
          maxT: BASE + 3_600_000,
        }),
        { code: 'storage_io' },
      );
      const ackedDuringOutage = writer.log.acknowledged.length;
      await server.start();
      await waitFor(
        'appends after the restart',
        () => writer.log.acknowledged.length >= ackedDuringOutage + 20,
        15_000,
      );
    } finally {
      await writer.stop();
    }
    assert.deepEqual(writer.log.unexpected, []);
    assert.ok(writer.log.errors.length >= 5);
    for (const err of writer.log.errors) assert.match(err.message, /^cannot /);

    // Every acknowledged batch is stored exactly once: the same engine, never reopened, reads it.
    const acked = writer.log.acknowledged;
    const got = new Map<string, number[]>();
    for await (const s of storage.querier.select([{ name: '__name__', type: '=', value: 'outage_test' }], {
      minT: BASE,
      maxT: BASE + 3_600_000,
    })) {
      got.set(
        s.labels.find((l) => l.name === 'series')!.value,
        s.samples.map((x) => x.v),
      );
    }
    assert.equal(got.size, SERIES);
    for (const values of got.values()) assert.deepEqual(values, acked);
    await storage.close();

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string; d: string }>(
        'SELECT count(*) AS n, count(DISTINCT (series_id, time)) AS d FROM samples',
      );
      assert.equal(Number(rows[0]!.n), acked.length * SERIES);
      assert.equal(Number(rows[0]!.d), acked.length * SERIES);
    } finally {
      await client.end();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import type { Matcher } from '@seahawks/model';
import pg from 'pg';
import { StorageIOError } from '../../storage/errors.js';
import type { SeriesSamples, TimeRange } from '../../storage/storage.js';
import { memoryLogger, sharedTempPostgres } from './conformance-fixture.js';
import { describeDeleteFailure } from './delete-series.js';
import { openPostgresStorage } from './open-postgres.js';
import type { PostgresStorage } from './postgres-storage.js';

// What the conformance suite cannot see: exact counts, the rows of `series`, the id cache, and
// appends racing a deletion. The suite itself (storage.case.test.ts) covers the contract.

const server = sharedTempPostgres();
const NOW = Math.floor(Date.now() / 1000) * 1000;
const ALL: TimeRange = { minT: NOW - 3_600_000, maxT: NOW + 3_600_000 };
const name = (value: string): Matcher[] => [{ name: '__name__', type: '=', value }];

async function withStorage(body: (s: PostgresStorage, db: pg.Pool) => Promise<void>): Promise<void> {
  const pgServer = await server();
  const url = await pgServer.createDatabase();
  const storage = await openPostgresStorage({ url, logger: memoryLogger() });
  const db = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await body(storage, db);
  } finally {
    await db.end();
    await storage.close();
    await pgServer.dropDatabase(url);
  }
}

function series(labels: Record<string, string>, from: number, count: number): SeriesSamples {
  const samples = Array.from({ length: count }, (_, i) => ({ t: NOW + (from + i) * 1000, v: i }));
  return { labels: labelsFromRecord(labels), samples };
}

async function sampleCount(storage: PostgresStorage, metric: string): Promise<number> {
  let n = 0;
  for await (const s of storage.querier.select(name(metric), ALL)) n += s.samples.length;
  return n;
}

async function seriesIds(db: pg.Pool, metric: string): Promise<number[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM series WHERE metric = $1 ORDER BY id', [
    metric,
  ]);
  return rows.map((r) => Number(r.id));
}

describe('postgres engine: deleting series', () => {
  it('counts exactly, removes emptied series rows and creates them again with a new id', async () => {
    await withStorage(async (storage, db) => {
      await storage.appender.append([
        series({ __name__: 'a', k: '1' }, 0, 10),
        series({ __name__: 'a', k: '2' }, 0, 10),
        series({ __name__: 'b' }, 0, 3),
      ]);
      const [first] = await seriesIds(db, 'a');
      assert.deepEqual(await storage.deleteSeries(name('a'), { minT: NOW, maxT: NOW + 4000 }), {
        samples: 10,
        series: 0,
      });
      assert.equal((await seriesIds(db, 'a')).length, 2);
      assert.deepEqual(await storage.deleteSeries(name('a'), ALL), { samples: 10, series: 2 });
      assert.deepEqual(await seriesIds(db, 'a'), []);
      assert.equal(storage.stats().series, 1);
      await storage.appender.append([series({ __name__: 'a', k: '1' }, 0, 2)]);
      const again = await seriesIds(db, 'a');
      assert.equal(again.length, 1);
      assert.ok(again[0]! > first!, `a new id, not ${first}`);
      assert.equal(await sampleCount(storage, 'a'), 2);
      assert.deepEqual(
        { series: storage.stats().series, deletions: storage.stats().deletions },
        { series: 2, deletions: 2 },
      );
      assert.equal(storage.stats().samplesDeleted, 20);
    });
  });

  it('orders appends racing a deletion: those before it are deleted, those after it are kept', async () => {
    await withStorage(async (storage) => {
      const labels = { __name__: 'race', k: 'x' };
      await storage.appender.append([series(labels, 0, 1)]);
      const before = Array.from({ length: 20 }, (_, i) =>
        storage.appender.append([series(labels, 1 + i * 5, 5)]),
      );
      const deletion = storage.deleteSeries(name('race'), ALL);
      const after = Array.from({ length: 20 }, (_, i) =>
        storage.appender.append([series(labels, 200 + i * 5, 5)]),
      );
      const results = await Promise.all([...before, ...after]);
      assert.ok(results.every((r) => r.accepted === 5));
      assert.deepEqual(await deletion, { samples: 101, series: 1 });
      // Had an append written under the deleted row's id, its samples would be invisible here.
      assert.equal(await sampleCount(storage, 'race'), 100);
    });
  });

  it('refuses after close', async () => {
    await withStorage(async (storage) => {
      await storage.close();
      await assert.rejects(storage.deleteSeries(name('a'), ALL), { code: 'storage_closed' });
    });
  });

  it('names TimescaleDB before 2.11 refusing compressed chunks; other failures stay transient', () => {
    const refusal = Object.assign(
      new Error('cannot update/delete rows from chunk "_hyper_1_1_chunk" as it is compressed'),
      {
        code: 'XX000',
      },
    );
    const err = describeDeleteFailure(refusal, 'hypertable');
    assert.equal(err.code, 'storage_unsupported');
    assert.match(err.message, /^cannot delete series: .*compressed.*TimescaleDB before 2\.11/);
    const lost = Object.assign(new Error('terminating connection'), { code: '57P01' });
    assert.ok(describeDeleteFailure(lost, 'hypertable') instanceof StorageIOError);
  });
});

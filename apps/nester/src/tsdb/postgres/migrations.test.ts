import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStaleNaN, labelsFromRecord, STALE_NAN } from '@seahawks/model';
import pg from 'pg';
import { memoryLogger, sharedTempPostgres } from './conformance-fixture.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations.js';
import { openPostgresStorage } from './open-postgres.js';
import { findPostgresBin, runToEnd } from './temp-postgres-exec.js';

const DAY = 86_400_000;
const server = sharedTempPostgres();
const ALL_VERSIONS = MIGRATIONS.map((m) => m.version);

/** Runs `body` with a pool on a fresh database, always ending the pool. */
async function withDatabase(body: (pool: pg.Pool, url: string) => Promise<void>): Promise<void> {
  const url = await (await server()).createDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    await body(pool, url);
  } finally {
    await pool.end();
  }
}

function migrateAll(pool: pg.Pool, toVersion?: number): ReturnType<typeof migrate> {
  return migrate(pool, { logger: memoryLogger(), timescaledb: 'auto', partitionInterval: DAY, toVersion });
}

/** Names and kinds of everything the schema holds, to compare before and after. */
async function schemaObjects(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ o: string }>(
    `SELECT relname || ':' || relkind::text AS o FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public'
     UNION ALL
     SELECT proname || ':f' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
     ORDER BY 1`,
  );
  return rows.map((r) => r.o);
}

describe('postgres engine: migrations', () => {
  it('creates the schema in an empty database, numbered and recorded', async () => {
    await withDatabase(async (pool) => {
      const result = await migrateAll(pool);
      assert.deepEqual(result.applied, ALL_VERSIONS);
      // TimescaleDB is not installed on the test machine: the plain partitioned layout.
      assert.equal(result.layout, 'partitioned');
      const { rows } = await pool.query('SELECT version, name FROM seahawks_migrations ORDER BY version');
      assert.deepEqual(
        rows,
        MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
      );
      const objects = await schemaObjects(pool);
      for (const name of [
        'series:r',
        'samples:p',
        'labeled_samples:v',
        'series_labels:i',
        'series_metric:i',
      ]) {
        assert.ok(objects.includes(name), `${name} in ${objects.join(' ')}`);
      }
      for (const fn of ['metric_samples', 'seahawks_ensure_partitions', 'seahawks_drop_partitions_before']) {
        assert.ok(objects.includes(`${fn}:f`), fn);
      }
    });
  });

  it('does nothing when run again, also when two run at once', async () => {
    await withDatabase(async (pool) => {
      const both = await Promise.all([migrateAll(pool), migrateAll(pool)]);
      assert.deepEqual(
        both.map((r) => r.applied).sort((a, b) => b.length - a.length),
        [ALL_VERSIONS, []],
      );
      const before = await schemaObjects(pool);
      const again = await migrateAll(pool);
      assert.deepEqual(again, { applied: [], layout: 'partitioned' });
      assert.deepEqual(await schemaObjects(pool), before);
    });
  });

  it('upgrades an old database and keeps its data', async () => {
    await withDatabase(async (pool, url) => {
      assert.deepEqual((await migrateAll(pool, 2)).applied, [1, 2]);
      // What a version-2 nester left behind: a hand-made partition (no partition functions yet).
      const t = Math.floor(Date.now() / DAY) * DAY;
      await pool.query(`DO $$
        DECLARE day timestamptz := date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        BEGIN
          EXECUTE format('CREATE TABLE samples_old PARTITION OF samples FOR VALUES FROM (%L) TO (%L)',
            day, day + interval '1 day');
        END $$`);
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO series (labels) VALUES ('{"__name__": "up", "job": "old"}') RETURNING id`,
      );
      await pool.query('INSERT INTO samples (time, series_id, value) VALUES ($1, $2, 1)', [
        new Date(t),
        rows[0]!.id,
      ]);

      const storage = await openPostgresStorage({ url, logger: memoryLogger() });
      try {
        const applied = await pool.query<{ version: number }>(
          'SELECT version FROM seahawks_migrations ORDER BY 1',
        );
        assert.deepEqual(
          applied.rows.map((r) => r.version),
          ALL_VERSIONS,
        );
        const up = labelsFromRecord({ __name__: 'up', job: 'old' });
        // The old partition is found and used: no overlapping one is created for the same day.
        const r = await storage.appender.append([{ labels: up, samples: [{ t: t + 1000, v: 2 }] }]);
        assert.equal(r.accepted, 1, r.firstError);
        const got = [];
        for await (const s of storage.querier.select([{ name: 'job', type: '=', value: 'old' }], {
          minT: t,
          maxT: t + DAY,
        })) {
          got.push(s);
        }
        assert.deepEqual(got, [
          {
            labels: up,
            samples: [
              { t, v: 1 },
              { t: t + 1000, v: 2 },
            ],
          },
        ]);
        const view = await pool.query(`SELECT metric, value FROM labeled_samples ORDER BY time`);
        assert.deepEqual(view.rows, [
          { metric: 'up', value: 1 },
          { metric: 'up', value: 2 },
        ]);
      } finally {
        await storage.close();
      }
    });
  });

  it('stores label sets once, the staleness marker as NULL, and answers the documented queries', async () => {
    await withDatabase(async (pool, url) => {
      const storage = await openPostgresStorage({ url, logger: memoryLogger() });
      const now = Date.now();
      const load = (instance: string): ReturnType<typeof labelsFromRecord> =>
        labelsFromRecord({ __name__: 'node_load1', instance, job: 'node' });
      try {
        await storage.appender.append([
          {
            labels: load('a:9100'),
            samples: [
              { t: now - 60_000, v: 0.5 },
              { t: now, v: STALE_NAN },
            ],
          },
          { labels: load('b:9100'), samples: [{ t: now, v: 1.5 }] },
        ]);
      } finally {
        await storage.close();
      }
      await assert.rejects(
        pool.query(
          `INSERT INTO series (labels) VALUES ('{"job": "node", "instance": "a:9100", "__name__": "node_load1"}')`,
        ),
        { code: '23505' },
      );
      const perMetric = await pool.query(
        `SELECT labels->>'instance' AS instance, value FROM metric_samples('node_load1')
          WHERE time > now() - interval '1 hour' ORDER BY time, 1`,
      );
      assert.deepEqual(perMetric.rows, [
        { instance: 'a:9100', value: 0.5 },
        { instance: 'a:9100', value: null },
        { instance: 'b:9100', value: 1.5 },
      ]);
      const matched = await pool.query(
        `SELECT count(*)::int AS n FROM labeled_samples
          WHERE metric = 'node_load1' AND labels @> '{"instance": "b:9100"}' AND value IS NOT NULL`,
      );
      assert.deepEqual(matched.rows, [{ n: 1 }]);
    });
  });

  it('survives pg_dump and pg_restore, staleness markers included (docs/postgres.md)', async () => {
    const bin = await findPostgresBin();
    const dir = await mkdtemp(join(tmpdir(), 'seahawks-dump-'));
    const pgServer = await server();
    const from = await pgServer.createDatabase();
    const to = await pgServer.createDatabase();
    const now = Date.now();
    const up = labelsFromRecord({ __name__: 'up', job: 'dumped' });
    try {
      const storage = await openPostgresStorage({ url: from, logger: memoryLogger() });
      await storage.appender.append([
        {
          labels: up,
          samples: [
            { t: now - 1000, v: -0 },
            { t: now, v: STALE_NAN },
          ],
        },
      ]);
      await storage.close();
      const file = join(dir, 'seahawks.dump');
      await runToEnd(undefined, join(bin, 'pg_dump'), ['--format=custom', `--file=${file}`, from], 30_000);
      await runToEnd(undefined, join(bin, 'pg_restore'), [`--dbname=${to}`, file], 30_000);

      const restored = await openPostgresStorage({ url: to, logger: memoryLogger() });
      try {
        const got = [];
        for await (const s of restored.querier.select([{ name: 'job', type: '=', value: 'dumped' }], {
          minT: now - 1000,
          maxT: now,
        })) {
          got.push(...s.samples);
        }
        assert.equal(got.length, 2);
        assert.ok(Object.is(got[0]!.v, -0));
        assert.ok(isStaleNaN(got[1]!.v));
        const other = labelsFromRecord({ __name__: 'up', job: 'new' });
        assert.equal(
          (await restored.appender.append([{ labels: other, samples: [{ t: now, v: 1 }] }])).accepted,
          1,
        );
        assert.equal(restored.stats().series, 2);
      } finally {
        await restored.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

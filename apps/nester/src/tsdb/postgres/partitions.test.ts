import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import pg from 'pg';
import { memoryLogger, sharedTempPostgres } from './conformance-fixture.js';
import { MIGRATIONS } from './migrations.js';
import { openPostgresStorage } from './open-postgres.js';
import type { PostgresOptions } from './options.js';
import type { PostgresStorage } from './postgres-storage.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2030-01-10 12:00 UTC: the fake clock starts here. */
const NOON = Date.UTC(2030, 0, 10, 12);
const server = sharedTempPostgres();
const up = labelsFromRecord({ __name__: 'up', job: 'p' });

interface Bounds {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

async function bounds(url: string): Promise<Bounds[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ partition_name: string; range_start: Date; range_end: Date }>(
      'SELECT * FROM seahawks_partition_bounds() ORDER BY range_start',
    );
    return rows.map((r) => ({
      name: r.partition_name,
      from: r.range_start.getTime(),
      to: r.range_end.getTime(),
    }));
  } finally {
    await client.end();
  }
}

/** Opens a fresh database with a clock the test moves; `body` gets the clock's setter. */
async function withStorage(
  extra: Partial<PostgresOptions>,
  body: (storage: PostgresStorage, url: string, setNow: (t: number) => void) => Promise<void>,
): Promise<void> {
  const url = await (await server()).createDatabase();
  let now = NOON;
  const storage = await openPostgresStorage({
    url,
    logger: memoryLogger(),
    clock: () => now,
    retentionMs: 3 * DAY,
    partitionInterval: DAY,
    futureWindowMs: DAY,
    ...extra,
  });
  try {
    await body(storage, url, (t) => (now = t));
  } finally {
    await storage.close();
  }
}

async function times(storage: PostgresStorage): Promise<number[]> {
  const out: number[] = [];
  for await (const s of storage.querier.select([{ name: '__name__', type: '=', value: 'up' }], {
    minT: -Infinity,
    maxT: Infinity,
  })) {
    for (const x of s.samples) out.push(x.t);
  }
  return out;
}

describe('postgres engine: time partitions and retention', () => {
  it('creates partitions ahead of the clock, and for late samples when they come', async () => {
    await withStorage({}, async (storage, url) => {
      const day = (n: number): string => `samples_203001${String(n).padStart(2, '0')}_000000`;
      assert.deepEqual(
        (await bounds(url)).map((b) => b.name),
        [day(10), day(11), day(12)],
      );
      const r = await storage.appender.append([{ labels: up, samples: [{ t: NOON - 2 * DAY, v: 1 }] }]);
      assert.equal(r.accepted, 1);
      const all = await bounds(url);
      assert.deepEqual(
        all.map((b) => b.name),
        [day(8), day(10), day(11), day(12)],
      );
      assert.deepEqual(all[0], { name: day(8), from: Date.UTC(2030, 0, 8), to: Date.UTC(2030, 0, 9) });
    });
  });

  it('refuses samples before the retention horizon or past the future window as too_old', async () => {
    await withStorage({}, async (storage) => {
      const r = await storage.appender.append([
        {
          labels: up,
          samples: [
            { t: NOON - 3 * DAY - 1, v: 1 },
            { t: NOON - 3 * DAY, v: 2 },
            { t: NOON + DAY, v: 3 },
            { t: NOON + DAY + 1, v: 4 },
          ],
        },
      ]);
      assert.equal(r.accepted, 2);
      assert.deepEqual(r.rejected, { too_old: 2 });
      assert.match(
        r.firstError ?? '',
        /^cannot append sample up\{job="p"\} @\d+: before the oldest time accepted, \d+$/,
      );
      assert.deepEqual(await times(storage), [NOON - 3 * DAY, NOON + DAY]);
    });
  });

  it('drops whole partitions once they end before the retention horizon', async () => {
    await withStorage({}, async (storage, url, setNow) => {
      await storage.appender.append([
        {
          labels: up,
          samples: [
            { t: NOON - 2 * DAY, v: 1 },
            { t: NOON, v: 2 },
          ],
        },
      ]);
      setNow(NOON + 2 * DAY);
      // The horizon is now Jan 9, 12:00: Jan 8 ends before it, Jan 10 (and Jan 9's half) stay.
      assert.deepEqual(await storage.maintain(), ['samples_20300108_000000']);
      assert.deepEqual(await times(storage), [NOON]);
      assert.equal(storage.stats().partitionsDropped, 1);
      assert.equal((await bounds(url)).at(-1)?.to, Date.UTC(2030, 0, 15));
      assert.deepEqual(await storage.maintain(), []);
    });
  });

  it('fills gaps with a new partition interval without overlapping the old partitions', async () => {
    await withStorage({}, async (first, url) => {
      await first.close();
      const storage = await openPostgresStorage({
        url,
        logger: memoryLogger(),
        clock: () => NOON,
        retentionMs: 3 * DAY,
        partitionInterval: 6 * HOUR,
      });
      try {
        const late = [NOON - 2 * DAY, NOON - 2 * DAY + 7 * HOUR, NOON - HOUR].map((t, i) => ({ t, v: i }));
        assert.equal((await storage.appender.append([{ labels: up, samples: late }])).accepted, 3);
        const all = await bounds(url);
        for (let i = 1; i < all.length; i++) assert.ok(all[i]!.from >= all[i - 1]!.to, JSON.stringify(all));
        assert.ok(all.some((b) => b.to - b.from === 6 * HOUR));
        assert.deepEqual(
          await times(storage),
          late.map((s) => s.t),
        );
      } finally {
        await storage.close();
      }
    });
  });

  it('writes the TimescaleDB layout as a compressed hypertable (statements only: no TimescaleDB here)', () => {
    const text = MIGRATIONS[1]!
      .statements({ layout: 'hypertable', partitionInterval: DAY })
      .map((s) => s.text)
      .join('\n');
    assert.match(text, /create_hypertable\('samples', 'time'/);
    assert.match(text, /timescaledb\.compress_segmentby = 'series_id'/);
    assert.deepEqual(MIGRATIONS[2]!.statements({ layout: 'hypertable', partitionInterval: DAY }), []);
  });
});

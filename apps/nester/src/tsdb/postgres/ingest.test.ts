import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import type { SeriesSamples } from '../../storage/storage.js';
import { memoryLogger, sharedTempPostgres } from './conformance-fixture.js';
import { MAX_METRIC_NAME_LENGTH } from './ingest-plan.js';
import { openPostgresStorage } from './open-postgres.js';
import type { PostgresOptions } from './options.js';
import type { PostgresStorage } from './postgres-storage.js';

const server = sharedTempPostgres();
const NOW = Math.floor(Date.now() / 1000) * 1000;

async function withStorage(
  extra: Partial<PostgresOptions>,
  body: (s: PostgresStorage) => Promise<void>,
): Promise<void> {
  const pg = await server();
  const url = await pg.createDatabase();
  const storage = await openPostgresStorage({ url, logger: memoryLogger(), ...extra });
  try {
    await body(storage);
  } finally {
    await storage.close();
    await pg.dropDatabase(url);
  }
}

function one(labels: Record<string, string>, t: number, v: number): SeriesSamples {
  return { labels: labelsFromRecord(labels), samples: [{ t, v }] };
}

async function count(storage: PostgresStorage, name: string): Promise<number> {
  let n = 0;
  for await (const s of storage.querier.select([{ name: '__name__', type: '=', value: name }], {
    minT: NOW - 3_600_000,
    maxT: NOW + 3_600_000,
  })) {
    n += s.samples.length;
  }
  return n;
}

describe('postgres engine: ingest', () => {
  for (const writePath of ['copy-first', 'staging'] as const) {
    it(`refuses a different value at a stored time, takes an identical one (${writePath})`, async () => {
      await withStorage({ writePath }, async (storage) => {
        await storage.appender.append([
          one({ __name__: 'd' }, NOW, 1),
          one({ __name__: 'd', k: 'x' }, NOW, 1),
        ]);
        const r = await storage.appender.append([
          one({ __name__: 'd' }, NOW, 1),
          one({ __name__: 'd', k: 'x' }, NOW, 2),
          one({ __name__: 'd', k: 'y' }, NOW, 3),
        ]);
        assert.deepEqual(r, {
          accepted: 2,
          rejected: { duplicate_timestamp: 1 },
          firstError: `cannot append sample d{k="x"} @${NOW}: timestamp already has another value`,
        });
        assert.equal(await count(storage, 'd'), 3);
        const { directCommits, stagedCommits } = storage.stats();
        assert.deepEqual(
          { directCommits, stagedCommits },
          writePath === 'staging'
            ? { directCommits: 0, stagedCommits: 2 }
            : { directCommits: 1, stagedCommits: 1 },
        );
      });
    });
  }

  it('refuses label sets PostgreSQL cannot hold as invalid_labels, stores the rest', async () => {
    await withStorage({}, async (storage) => {
      const r = await storage.appender.append([
        one({ __name__: 'l', v: 'nul\u0000' }, NOW, 1),
        one({ __name__: 'l', v: 'lone \ud800 surrogate' }, NOW, 1),
        one({ __name__: 'l'.repeat(MAX_METRIC_NAME_LENGTH + 1) }, NOW, 1),
        one({ __name__: 'l'.repeat(MAX_METRIC_NAME_LENGTH) }, NOW, 1),
        one({ __name__: 'l', v: 'emoji \u{1F600} and "quotes" \\ and \u00e9' }, NOW, 1),
      ]);
      assert.equal(r.accepted, 2);
      assert.deepEqual(r.rejected, { invalid_labels: 3 });
      assert.match(r.firstError ?? '', /^cannot append series l\{v="nul.*NUL or a lone surrogate/);
      const values = await storage.querier.labelValues('v', [], { minT: NOW, maxT: NOW });
      assert.deepEqual(values, ['emoji \u{1F600} and "quotes" \\ and \u00e9']);
    });
  });

  it('finds series again after the id cache forgets them, creating none twice', async () => {
    await withStorage({ seriesCacheSize: 3 }, async (storage) => {
      // Fresh label arrays each round, so nothing is found by identity either.
      const round = (r: number): SeriesSamples[] =>
        Array.from({ length: 10 }, (_, i) => one({ __name__: 'c', i: String(i) }, NOW + r * 1000, r));
      for (let r = 0; r < 3; r++) assert.equal((await storage.appender.append(round(r))).accepted, 10);
      assert.equal(storage.stats().series, 10);
      assert.equal(await count(storage, 'c'), 30);
    });
  });

  it('accepts the same series interned or not, in one batch, as one series', async () => {
    await withStorage({}, async (storage) => {
      const interned: Labels = labelsFromRecord({ __name__: 'i', a: '1' });
      const r = await storage.appender.append([
        { labels: interned, samples: [{ t: NOW, v: 1 }] },
        {
          labels: labelsFromRecord({ __name__: 'i', a: '1' }),
          samples: [
            { t: NOW + 1000, v: 2 },
            { t: NOW, v: 1 },
          ],
        },
        { labels: interned, samples: [{ t: NOW + 1000, v: 3 }] },
      ]);
      assert.deepEqual(r.rejected, { duplicate_timestamp: 1 });
      assert.equal(r.accepted, 3);
      assert.equal(storage.stats().series, 1);
      assert.equal(await count(storage, 'i'), 2);
    });
  });

  it('refuses appends and queries after close with StorageClosedError', async () => {
    await withStorage({}, async (storage) => {
      await storage.close();
      await assert.rejects(storage.appender.append([one({ __name__: 'x' }, NOW, 1)]), {
        code: 'storage_closed',
      });
      await assert.rejects(storage.querier.labelNames([], { minT: 0, maxT: NOW }), {
        code: 'storage_closed',
      });
    });
  });
});

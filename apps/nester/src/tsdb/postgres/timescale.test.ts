import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryLogger } from './conformance-fixture.js';
import { MIGRATIONS } from './migrations.js';
import { applyTimescalePolicies, chooseLayout, timescalePolicyStatements } from './timescale.js';
import type { SqlRunner } from './timescale.js';

// No TimescaleDB on the test machine (Debian ships no package of it): these tests pin the SQL
// the engine issues on a server that has it, with a client that records statements and answers
// as such a server would. docs/postgres.md says which paths ran against a real TimescaleDB.

const DAY = 86_400_000;

/** A client that records every statement and answers from `answer` (rowCount 0 by default). */
function recordingClient(
  answer: (text: string) => number | Error = () => 0,
): SqlRunner & { statements: Array<{ text: string; values?: unknown[] }> } {
  const statements: Array<{ text: string; values?: unknown[] }> = [];
  return {
    statements,
    query: (text, values) => {
      statements.push(values === undefined ? { text } : { text, values });
      const a = answer(text);
      return a instanceof Error ? Promise.reject(a) : Promise.resolve({ rowCount: a });
    },
  };
}

const texts = (c: { statements: Array<{ text: string }> }): string[] =>
  c.statements.map((s) => s.text.replace(/\s+/g, ' '));

describe('postgres engine: the TimescaleDB path (SQL only)', () => {
  it('uses the extension when it is installed in the database', async () => {
    const c = recordingClient((t) => (t.includes('FROM pg_extension') ? 1 : 0));
    assert.equal(await chooseLayout(c, { timescaledb: 'auto', logger: memoryLogger() }), 'hypertable');
    assert.deepEqual(texts(c), [`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`]);
  });

  it('creates the extension when the server offers it, inside a savepoint', async () => {
    const c = recordingClient((t) => (t.includes('pg_available_extensions') ? 1 : 0));
    assert.equal(await chooseLayout(c, { timescaledb: 'auto', logger: memoryLogger() }), 'hypertable');
    assert.deepEqual(texts(c).slice(2), [
      'SAVEPOINT timescaledb',
      'CREATE EXTENSION IF NOT EXISTS timescaledb',
      'RELEASE SAVEPOINT timescaledb',
    ]);
  });

  it('falls back to partitions, with a warning, when the extension cannot be created', async () => {
    const logger = memoryLogger();
    const c = recordingClient((t) => {
      if (t.includes('pg_available_extensions')) return 1;
      if (t.startsWith('CREATE EXTENSION'))
        return new Error('extension "timescaledb" must be preloaded (SQLSTATE 0A000)');
      return 0;
    });
    assert.equal(await chooseLayout(c, { timescaledb: 'auto', logger }), 'partitioned');
    assert.equal(texts(c).at(-1), 'ROLLBACK TO SAVEPOINT timescaledb');
    assert.equal(logger.warnings.length, 1);
    assert.match(
      logger.warnings[0]!,
      /^cannot create extension timescaledb, using plain time partitions: .*preloaded/,
    );
  });

  it('uses partitions when the server lacks it, or when told not to use it', async () => {
    const absent = recordingClient();
    assert.equal(await chooseLayout(absent, { timescaledb: 'auto', logger: memoryLogger() }), 'partitioned');
    const off = recordingClient(() => 1);
    assert.equal(await chooseLayout(off, { timescaledb: 'off', logger: memoryLogger() }), 'partitioned');
    assert.deepEqual(off.statements, []);
  });

  it('creates samples as a hypertable, compressed per series, chunks one partition interval wide', () => {
    const statements = MIGRATIONS.flatMap((m) =>
      m.statements({ layout: 'hypertable', partitionInterval: DAY }),
    );
    const all = statements.map((s) => s.text.replace(/\s+/g, ' ')).join('\n');
    assert.match(
      all,
      /CREATE TABLE samples \( time timestamptz NOT NULL, series_id bigint NOT NULL, value double precision, PRIMARY KEY \(series_id, time\)\)\n/,
    );
    assert.doesNotMatch(all, /PARTITION BY|seahawks_ensure_partitions|seahawks_drop_partitions_before/);
    const hypertable = statements.find((s) => s.text.includes('create_hypertable'))!;
    assert.equal(
      hypertable.text,
      `SELECT create_hypertable('samples', 'time', chunk_time_interval => $1::interval)`,
    );
    assert.deepEqual(hypertable.values, ['86400000 milliseconds']);
    assert.match(
      all,
      /ALTER TABLE samples SET \(timescaledb\.compress, timescaledb\.compress_segmentby = 'series_id', timescaledb\.compress_orderby = 'time'\)/,
    );
    const layout = statements.find((s) => s.text.includes('samples_layout'))!;
    assert.deepEqual(layout.values, ['hypertable']);
    // The views and metric_samples() are the same on both layouts.
    assert.match(all, /CREATE VIEW labeled_samples/);
    assert.match(all, /CREATE FUNCTION metric_samples/);
  });

  it('sets retention and compression policies from the config, replacing the previous ones', async () => {
    assert.deepEqual(timescalePolicyStatements(15 * DAY, DAY), [
      { text: `SELECT remove_retention_policy('samples', if_exists => true)` },
      {
        text: `SELECT add_retention_policy('samples', drop_after => $1::interval)`,
        values: ['1296000000 milliseconds'],
      },
      { text: `SELECT remove_compression_policy('samples', if_exists => true)` },
      {
        text: `SELECT add_compression_policy('samples', compress_after => $1::interval)`,
        values: ['172800000 milliseconds'],
      },
    ]);
    const c = recordingClient();
    await applyTimescalePolicies(c, 30 * DAY, 6 * 3_600_000);
    assert.deepEqual(
      c.statements.map((s) => s.values),
      [undefined, ['2592000000 milliseconds'], undefined, ['43200000 milliseconds']],
    );
  });
});

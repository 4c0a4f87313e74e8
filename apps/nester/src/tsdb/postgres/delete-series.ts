import { labelsFromRecord, matchesAll, SeahawksError } from '@seahawks/model';
import type { Matcher } from '@seahawks/model';
import type { Pool, PoolClient } from 'pg';
import type { DeleteResult, TimeRange } from '../../storage/storage.js';
import { classifyPgError } from './classify.js';
import { seriesFilter } from './matchers-sql.js';
import type { SamplesLayout } from './migrations.js';
import { compileSelector, rangeParams } from './querier.js';

/** What a deletion removed, with the ids of the series rows it removed (for the id cache). */
export interface PostgresDeleteResult extends DeleteResult {
  readonly deletedIds: readonly number[];
}

/**
 * TimescaleDB before 2.11 refusing DML on a compressed chunk. It raises this with a bare
 * `elog(ERROR)` (SQLSTATE XX000, like any internal error), so only the message tells it apart.
 */
const COMPRESSED_REFUSAL = /cannot update\/delete rows from chunk .* as it is compressed/;

const DELETE_SAMPLES = `DELETE FROM samples WHERE series_id = ANY($1::bigint[]) AND time BETWEEN $2 AND $3`;
// Rows of series with no sample left go too; a series appended again later gets a new row and id.
const DELETE_EMPTY_SERIES = `DELETE FROM series s WHERE s.id = ANY($1::bigint[])
  AND NOT EXISTS (SELECT 1 FROM samples x WHERE x.series_id = s.id) RETURNING s.id`;

const NOTHING: PostgresDeleteResult = { samples: 0, series: 0, deletedIds: [] };

/**
 * Deletes, in one transaction, the samples in `range` (inclusive) of the series matching every
 * matcher, then the rows of those series left without any sample. Durable once it resolves
 * (the commit). Matchers are narrowed in SQL and checked again in JavaScript, as queries are.
 *
 * With TimescaleDB, deleting from compressed chunks needs TimescaleDB 2.11 or later (it
 * decompresses the batches concerned); an older one refuses and nothing is deleted.
 *
 * @throws InvalidQueryError when every matcher matches the empty string or the range is NaN.
 * @throws StorageIOError (retry), or SeahawksError `storage_unsupported` for the case above.
 */
export async function deleteMatchingSeries(
  pool: Pool,
  layout: SamplesLayout,
  matchers: readonly Matcher[],
  range: TimeRange,
): Promise<PostgresDeleteResult> {
  const compiled = compileSelector(matchers, 'delete');
  const params = rangeParams(range, 'delete series');
  if (params === undefined) return NOTHING;
  const filter = seriesFilter(matchers, 1);
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw classifyPgError(err, 'connect to postgres');
  }
  let broken = false;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; labels: Record<string, string> }>(
      `SELECT s.id, s.labels FROM series s WHERE ${filter.where}`,
      filter.values,
    );
    const ids = rows.filter((r) => matchesAll(compiled, labelsFromRecord(r.labels))).map((r) => r.id);
    if (ids.length === 0) {
      await client.query('COMMIT');
      return NOTHING;
    }
    const samples = await client.query(DELETE_SAMPLES, [ids, ...params]);
    const gone = await client.query<{ id: string }>(DELETE_EMPTY_SERIES, [ids]);
    await client.query('COMMIT');
    return {
      samples: samples.rowCount ?? 0,
      series: gone.rows.length,
      deletedIds: gone.rows.map((r) => Number(r.id)),
    };
  } catch (err) {
    // The connection's state is unknown after a failure inside a transaction: never reuse it.
    broken = true;
    throw describeDeleteFailure(err, layout);
  } finally {
    client.release(broken);
  }
}

/** The typed error for a failed deletion: TimescaleDB's refusal of compressed chunks named as such. */
export function describeDeleteFailure(err: unknown, layout: SamplesLayout): SeahawksError {
  const classified = classifyPgError(err, 'delete series');
  if (layout === 'hypertable' && err instanceof Error && COMPRESSED_REFUSAL.test(err.message)) {
    return new SeahawksError(
      'storage_unsupported',
      `${classified.message}; TimescaleDB before 2.11 cannot delete from compressed chunks: ` +
        `upgrade it, or decompress the chunks concerned first (decompress_chunk)`,
      { cause: err },
    );
  }
  return classified;
}

import { compileMatcher, labelsFromRecord, matchesAll } from '@seahawks/model';
import type { CompiledMatcher, Labels, Matcher } from '@seahawks/model';
import type { Pool } from 'pg';
import { InvalidQueryError } from '../../storage/errors.js';
import type { Querier, SeriesSamples, TimeRange } from '../../storage/storage.js';
import { classified } from './classify.js';
import { seriesFilter } from './matchers-sql.js';
import { decodePacked } from './pg-binary.js';

/** Series fetched per samples query: bounds memory while streaming a large selection. */
const SERIES_PER_FETCH = 256;
/** Earliest and latest instants written as ISO 8601 with four-digit years; beyond is ±infinity. */
const MIN_ISO_MS = -62_135_596_800_000;
const MAX_ISO_MS = 253_402_300_799_999;

const IN_RANGE = `EXISTS (SELECT 1 FROM samples x WHERE x.series_id = s.id AND x.time BETWEEN $1 AND $2)`;
// 16 bytes a sample; a NULL value (the staleness marker's stored form) reads as the marker's bits.
const FETCH_SAMPLES = `SELECT series_id, string_agg(
    timestamptz_send(time) || coalesce(float8send(value), '\\x7ff0000000000002'::bytea), ''::bytea ORDER BY time
  ) AS packed
  FROM samples WHERE series_id = ANY($3::bigint[]) AND time BETWEEN $1 AND $2 GROUP BY series_id`;

interface Candidate {
  readonly id: number;
  readonly labels: Labels;
}

/** Orders label sets like Prometheus: pair by pair, name then value. */
function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    if (x.value !== y.value) return x.value < y.value ? -1 : 1;
  }
  return a.length - b.length;
}

/** The range as two timestamptz parameters, inclusive; undefined when it holds no instant. */
export function rangeParams(range: TimeRange, what = 'select series'): [string, string] | undefined {
  if (Number.isNaN(range.minT) || Number.isNaN(range.maxT)) {
    throw new InvalidQueryError(`cannot ${what}: time range [${range.minT}, ${range.maxT}] is not a number`);
  }
  const min = Math.ceil(range.minT);
  const max = Math.floor(range.maxT);
  if (min > max) return undefined;
  const param = (ms: number): string =>
    ms < MIN_ISO_MS ? '-infinity' : ms > MAX_ISO_MS ? 'infinity' : new Date(ms).toISOString();
  return [param(min), param(max)];
}

/** Compiles a selector, refusing one whose matchers all match the empty string (it would take every series). */
export function compileSelector(matchers: readonly Matcher[], verb = 'select'): CompiledMatcher[] {
  const compiled = matchers.map(compileMatcher);
  if (!compiled.some((m) => !m.matches(''))) {
    const text = matchers.map((m) => `${m.name}${m.type}${JSON.stringify(m.value)}`).join(', ');
    throw new InvalidQueryError(
      `cannot ${verb} series {${text}}: at least one matcher must not match the empty string`,
    );
  }
  return compiled;
}

/**
 * Answers queries from the `series` and `samples` tables: matchers narrow `series` in SQL where
 * PostgreSQL can evaluate them exactly as Prometheus would, then every matcher is checked in
 * JavaScript; samples are fetched for a few hundred series at a time, in label order.
 */
export class PostgresQuerier implements Querier {
  constructor(
    private readonly pool: Pool,
    private readonly checkOpen: () => void,
  ) {}

  select(matchers: readonly Matcher[], range: TimeRange): AsyncIterable<SeriesSamples> {
    return { [Symbol.asyncIterator]: () => this.iterate(matchers, range) };
  }

  async series(matchers: readonly Matcher[], range: TimeRange): Promise<Labels[]> {
    return (await this.candidates(matchers, range, true)).map((c) => c.labels);
  }

  async labelNames(matchers: readonly Matcher[], range: TimeRange): Promise<string[]> {
    if (matchers.length > 0) {
      const names = new Set<string>();
      for (const c of await this.candidates(matchers, range, true))
        for (const l of c.labels) names.add(l.name);
      return [...names].sort();
    }
    return this.distinct(
      range,
      `SELECT DISTINCT k AS v FROM series s, jsonb_object_keys(s.labels) k WHERE ${IN_RANGE}`,
      [],
    );
  }

  async labelValues(name: string, matchers: readonly Matcher[], range: TimeRange): Promise<string[]> {
    if (matchers.length > 0) {
      const values = new Set<string>();
      for (const c of await this.candidates(matchers, range, true)) {
        const label = c.labels.find((l) => l.name === name);
        if (label !== undefined) values.add(label.value);
      }
      return [...values].sort();
    }
    return this.distinct(
      range,
      `SELECT DISTINCT s.labels ->> $3 AS v FROM series s WHERE s.labels ? $3 AND ${IN_RANGE}`,
      [name],
    );
  }

  private async distinct(range: TimeRange, text: string, extra: unknown[]): Promise<string[]> {
    this.checkOpen();
    const params = rangeParams(range);
    if (params === undefined) return [];
    const { rows } = await classified('query label index', () =>
      this.pool.query<{ v: string }>(text, [...params, ...extra]),
    );
    return rows.map((r) => r.v).sort();
  }

  private async *iterate(matchers: readonly Matcher[], range: TimeRange): AsyncGenerator<SeriesSamples> {
    const candidates = await this.candidates(matchers, range, false);
    const params = rangeParams(range);
    if (params === undefined) return;
    for (let i = 0; i < candidates.length; i += SERIES_PER_FETCH) {
      const chunk = candidates.slice(i, i + SERIES_PER_FETCH);
      this.checkOpen();
      const { rows } = await classified('query samples', () =>
        this.pool.query<{ series_id: string; packed: Buffer }>(FETCH_SAMPLES, [
          ...params,
          chunk.map((c) => c.id),
        ]),
      );
      const byId = new Map(rows.map((r) => [Number(r.series_id), r.packed]));
      for (const c of chunk) {
        const packed = byId.get(c.id);
        if (packed !== undefined && packed.length > 0)
          yield { labels: c.labels, samples: decodePacked(packed) };
      }
    }
  }

  /**
   * Series matching every matcher, sorted by labels; with `withSample`, only those holding a
   * sample in range (`select` skips that check: it omits series whose fetch comes back empty).
   */
  private async candidates(
    matchers: readonly Matcher[],
    range: TimeRange,
    withSample: boolean,
  ): Promise<Candidate[]> {
    this.checkOpen();
    const compiled = compileSelector(matchers);
    const params = rangeParams(range);
    if (params === undefined) return [];
    // The range parameters are $1 and $2 when the query uses them: PostgreSQL refuses unused ones.
    const filter = seriesFilter(matchers, withSample ? 3 : 1);
    const text = `SELECT s.id, s.labels FROM series s WHERE ${filter.where}${withSample ? ` AND ${IN_RANGE}` : ''}`;
    const values = withSample ? [...params, ...filter.values] : filter.values;
    const { rows } = await classified('query series', () =>
      this.pool.query<{ id: string; labels: Record<string, string> }>(text, values),
    );
    const out: Candidate[] = [];
    for (const row of rows) {
      const labels = labelsFromRecord(row.labels);
      if (matchesAll(compiled, labels)) out.push({ id: Number(row.id), labels });
    }
    return out.sort((a, b) => compareLabels(a.labels, b.labels));
  }
}

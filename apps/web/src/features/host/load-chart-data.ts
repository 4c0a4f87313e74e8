/**
 * Runs a chart's queries for one window and shapes the answer for drawing: aligned series with
 * names and styles, the unit in force, and the engine's error text for queries that failed.
 */
import { queryRange, PromQueryError, type RangeSeries } from '../../lib/prom-api';
import type { ChartUnit } from './chart-units';
import { alignValues, timeGrid } from './align-series';
import type { ChartQuery, ChartSpec, QueryAlternative, SeriesStyle } from './host-charts';
import type { QueryWindow } from './time-range';

export interface DrawnSeries {
  name: string;
  values: Array<number | null>;
  style: SeriesStyle;
}

export interface ChartQueryError {
  message: string;
  query: string;
}

export interface ChartData {
  x: number[];
  series: DrawnSeries[];
  unit: ChartUnit;
  /** One entry per query that failed: the engine's words and the query it refused. */
  errors: ChartQueryError[];
  /** Remarks about fallback queries in use. */
  notes: string[];
}

interface QueryOutcome {
  result: RangeSeries[];
  alternative: QueryAlternative;
}

/**
 * Tries the alternatives of `query` from index `from[i]` on; records the one that worked in `from`.
 * Only engine errors move on to the next alternative; other failures (network, 401) reject.
 */
async function runQuery(
  query: ChartQuery,
  w: QueryWindow,
  from: number,
  signal: AbortSignal,
): Promise<QueryOutcome & { index: number }> {
  let firstError: PromQueryError | null = null;
  for (let i = from; i < query.alternatives.length; i++) {
    const alternative = query.alternatives[i];
    if (alternative === undefined) break;
    try {
      const result = await queryRange({ query: alternative.expr, ...w }, signal);
      return { result, alternative, index: i };
    } catch (error) {
      if (!(error instanceof PromQueryError)) throw error;
      firstError ??= error;
    }
  }
  throw firstError ?? new PromQueryError('no query to run', 'internal', '');
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name} #${n}`;
  taken.add(candidate);
  return candidate;
}

/**
 * Loads `spec` for `w`. `chosen[i]` is the alternative to start with for query i; it is updated
 * in place so the next refresh skips alternatives the engine refused.
 */
export async function loadChartData(
  spec: ChartSpec,
  w: QueryWindow,
  chosen: number[],
  signal: AbortSignal,
): Promise<ChartData> {
  const outcomes = await Promise.allSettled(
    spec.queries.map((q, i) => runQuery(q, w, chosen[i] ?? 0, signal)),
  );
  const x = timeGrid(w);
  const series: DrawnSeries[] = [];
  const errors: ChartQueryError[] = [];
  const notes: string[] = [];
  const taken = new Set<string>();
  let unit: ChartUnit | null = null;
  outcomes.forEach((outcome, i) => {
    const query = spec.queries[i];
    if (query === undefined) return;
    if (outcome.status === 'rejected') {
      if (!(outcome.reason instanceof PromQueryError)) throw outcome.reason;
      errors.push({ message: outcome.reason.message, query: outcome.reason.query });
      return;
    }
    chosen[i] = outcome.value.index;
    unit ??= outcome.value.alternative.unit;
    if (outcome.value.alternative.note) notes.push(outcome.value.alternative.note);
    const named = outcome.value.result
      .map((s) => ({ s, name: query.name(s.metric) }))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    for (const { s, name } of named) {
      series.push({
        name: uniqueName(name, taken),
        values: alignValues(s, w, x.length),
        style: query.style?.(s.metric) ?? {},
      });
    }
  });
  const fallbackUnit = spec.queries[0]?.alternatives[0]?.unit ?? 'load';
  return { x, series, unit: unit ?? fallbackUnit, errors, notes };
}

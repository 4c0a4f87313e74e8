/**
 * Runs an explore query: a range query for the graph (step from the span, as on the host
 * page) and an instant query at the window's end for the table. Series beyond MAX_SERIES are
 * left out of the graph and said so.
 */
import { queryInstant, queryRange, type InstantResult } from '../../lib/prom-api';
import { alignValues, timeGrid } from '../host/align-series';
import type { ChartData } from '../host/load-chart-data';
import type { QueryWindow } from '../host/time-range';

/** The most series the graph draws; more would be unreadable and slow. */
export const MAX_SERIES = 100;

/** The legend name of a series: `metric{label="value", …}`. */
export function seriesTitle(metric: Record<string, string>): string {
  const name = metric['__name__'] ?? '';
  const labels = Object.entries(metric)
    .filter(([k]) => k !== '__name__')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  if (labels.length === 0) return name === '' ? '{}' : name;
  return `${name}{${labels.join(', ')}}`;
}

export async function loadGraph(query: string, w: QueryWindow, signal: AbortSignal): Promise<ChartData> {
  const result = await queryRange({ query, ...w }, signal);
  const x = timeGrid(w);
  const kept = result.slice(0, MAX_SERIES);
  const notes =
    result.length > MAX_SERIES
      ? [`showing ${MAX_SERIES} of ${result.length} series; narrow the query to see the rest`]
      : [];
  return {
    x,
    unit: 'count',
    errors: [],
    notes,
    series: kept.map((s) => ({
      name: seriesTitle(s.metric),
      values: alignValues(s, w, x.length),
      style: {},
    })),
  };
}

export async function loadTable(
  query: string,
  time: number,
  signal: AbortSignal,
): Promise<InstantResult & { warnings: string[] }> {
  return queryInstant(query, time, signal);
}

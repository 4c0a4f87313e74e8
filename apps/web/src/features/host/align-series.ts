/**
 * Puts range-query results on one time grid for uPlot: x = start, start+step, …, end (unix seconds)
 * and, per series, a value or null at each x (null draws a gap). Non-finite samples become null.
 */
import type { RangeSeries } from '../../lib/prom-api';
import type { QueryWindow } from './time-range';

/** The x values of a window: start to end inclusive, every step. */
export function timeGrid(w: QueryWindow): number[] {
  const count = Math.floor((w.end - w.start) / w.step) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => w.start + i * w.step);
}

/** A series' values on the grid of `w`; samples off the grid go to the nearest step. */
export function alignValues(series: RangeSeries, w: QueryWindow, length: number): Array<number | null> {
  const values: Array<number | null> = new Array<number | null>(length).fill(null);
  for (const [t, v] of series.values) {
    const i = Math.round((t - w.start) / w.step);
    if (i >= 0 && i < length && Number.isFinite(v)) values[i] = v;
  }
  return values;
}

/**
 * Time ranges of the host page and the query window derived from one: a step that keeps a chart
 * at about 500 points or fewer, an end aligned to the step (so refreshes ask for the same grid),
 * and the range-vector window used inside `rate()`.
 */
import { formatPromDuration } from '../../lib/prom-duration';

export interface TimeRange {
  key: string;
  label: string;
  seconds: number;
}

export const TIME_RANGES: readonly TimeRange[] = [
  { key: '5m', label: '5 m', seconds: 5 * 60 },
  { key: '15m', label: '15 m', seconds: 15 * 60 },
  { key: '1h', label: '1 h', seconds: 3600 },
  { key: '6h', label: '6 h', seconds: 6 * 3600 },
  { key: '24h', label: '24 h', seconds: 24 * 3600 },
];

// 15 minutes: long enough for trends, short enough that a host that just joined shows a line.
export const DEFAULT_RANGE: TimeRange = { key: '15m', label: '15 m', seconds: 15 * 60 };

/** The most points a chart should hold. */
export const MAX_POINTS = 500;

/** Steps a range query may use, in seconds, smallest first. */
const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

/** The range for a URL key ("1h"), or the default for an unknown or missing key. */
export function findRange(key: string | null): TimeRange {
  return TIME_RANGES.find((r) => r.key === key) ?? DEFAULT_RANGE;
}

/** max(range / 500, 1 s), rounded up to a nice step: 5 m → 1 s, 1 h → 10 s, 24 h → 300 s. */
export function stepFor(rangeSeconds: number): number {
  const wanted = Math.max(rangeSeconds / MAX_POINTS, 1);
  return NICE_STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted);
}

/** The `rate()` window for a step, max(4 × step, 1 m), as a PromQL duration ("1m", "20m"). */
export function rateWindow(stepSeconds: number): string {
  return formatPromDuration(Math.max(4 * stepSeconds, 60));
}

/** A range query's time window: unix seconds, `end` a multiple of `step`, inclusive bounds. */
export interface QueryWindow {
  start: number;
  end: number;
  step: number;
}

/** The window ending at the last step boundary at or before `nowMs`. */
export function windowAt(rangeSeconds: number, nowMs: number): QueryWindow {
  const step = stepFor(rangeSeconds);
  const end = Math.floor(nowMs / 1000 / step) * step;
  return { start: end - rangeSeconds, end, step };
}

export function sameWindow(a: QueryWindow, b: QueryWindow): boolean {
  return a.start === b.start && a.end === b.end && a.step === b.step;
}

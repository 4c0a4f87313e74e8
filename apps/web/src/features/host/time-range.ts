/**
 * Time ranges of the host page, as kept in its URL: relative (`?range=1h`, ending now, live) or
 * absolute (`?from=…&to=…`, unix seconds, from a custom pick or a zoom by drag). From a range
 * comes the query window: a step that keeps a series at MAX_POINTS points or fewer whatever
 * the span (so 30 days draws as fast as one hour), an end aligned to the step (refreshes ask
 * for the same grid), and the window of `rate()`.
 */
import { formatPromDuration } from '../../lib/prom-duration';

export interface RelativeRange {
  kind: 'relative';
  key: string;
  label: string;
  seconds: number;
}

export interface AbsoluteRange {
  kind: 'absolute';
  /** Unix seconds, from < to. */
  from: number;
  to: number;
}

export type TimeRange = RelativeRange | AbsoluteRange;

const rel = (key: string, label: string, seconds: number): RelativeRange => ({
  kind: 'relative',
  key,
  label,
  seconds,
});

export const TIME_RANGES: readonly RelativeRange[] = [
  rel('5m', '5 m', 5 * 60),
  rel('15m', '15 m', 15 * 60),
  rel('1h', '1 h', 3600),
  rel('6h', '6 h', 6 * 3600),
  rel('24h', '24 h', 24 * 3600),
  rel('7d', '7 d', 7 * 86400),
  rel('30d', '30 d', 30 * 86400),
];

// 15 minutes: long enough for trends, short enough that a host that just joined shows a line.
export const DEFAULT_RANGE: RelativeRange = TIME_RANGES[1]!;

/** The most points a series should hold: about one per horizontal pixel of a half-width chart. */
export const MAX_POINTS = 600;

/** The scrape interval harvesters use by default, in seconds. */
export const SCRAPE_SECONDS = 15;

/** The shortest span a zoom may reach, in seconds. */
export const MIN_SPAN = 60;

/** Steps a range query may use, in seconds, smallest first. */
const NICE_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];

/** The relative range for a URL key ("1h"), or the default for an unknown or missing key. */
export function findRange(key: string | null): RelativeRange {
  return TIME_RANGES.find((r) => r.key === key) ?? DEFAULT_RANGE;
}

/** Reads the range from the page's URL query. */
export function rangeFromQuery(query: URLSearchParams): TimeRange {
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  if (query.has('from') && query.has('to') && Number.isFinite(from) && Number.isFinite(to) && to - from >= 1)
    return { kind: 'absolute', from: Math.floor(from), to: Math.ceil(to) };
  return findRange(query.get('range'));
}

/** The URL query of a range. */
export function rangeToQuery(range: TimeRange): Record<string, string | number | null> {
  return range.kind === 'relative'
    ? { range: range.key, from: null, to: null }
    : { range: null, from: range.from, to: range.to };
}

export function spanOf(range: TimeRange): number {
  return range.kind === 'relative' ? range.seconds : range.to - range.from;
}

/** max(span / MAX_POINTS, 1 s), rounded up to a nice step: 5 m → 1 s, 1 h → 10 s, 30 d → 2 h. */
export function stepFor(spanSeconds: number): number {
  const wanted = Math.max(spanSeconds / MAX_POINTS, 1);
  return NICE_STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted);
}

/**
 * The `rate()` window for a step: at least four scrapes (so two samples are always inside), and
 * at least step + one scrape, so consecutive points cover every sample once (Grafana's
 * `$__rate_interval`).
 */
export function rateWindow(stepSeconds: number): string {
  return formatPromDuration(Math.max(4 * SCRAPE_SECONDS, stepSeconds + SCRAPE_SECONDS));
}

/** A range query's time window: unix seconds, `end` a multiple of `step`, inclusive bounds. */
export interface QueryWindow {
  start: number;
  end: number;
  step: number;
}

/** The window of `range` seen at `nowMs`: relative ranges end at the last step boundary. */
export function windowOf(range: TimeRange, nowMs: number): QueryWindow {
  const step = stepFor(spanOf(range));
  if (range.kind === 'relative') {
    const end = Math.floor(nowMs / 1000 / step) * step;
    return { start: end - range.seconds, end, step };
  }
  return { start: Math.floor(range.from / step) * step, end: Math.ceil(range.to / step) * step, step };
}

export function sameWindow(a: QueryWindow, b: QueryWindow): boolean {
  return a.start === b.start && a.end === b.end && a.step === b.step;
}

/** The absolute range a zoom selects, widened to MIN_SPAN around its middle when narrower. */
export function zoomRange(from: number, to: number): AbsoluteRange {
  const mid = (from + to) / 2;
  const span = Math.max(MIN_SPAN, to - from);
  return { kind: 'absolute', from: Math.floor(mid - span / 2), to: Math.ceil(mid + span / 2) };
}

/** The same span centred on the same middle, twice as long (zoom out). */
export function widen(range: TimeRange, nowMs: number): AbsoluteRange {
  const w = windowOf(range, nowMs);
  const span = (w.end - w.start) * 2;
  const mid = (w.start + w.end) / 2;
  const to = Math.min(Math.floor(nowMs / 1000), Math.ceil(mid + span / 2));
  return { kind: 'absolute', from: to - span, to };
}

import { describeError, isStaleNaN } from '@seahawks/model';
import type { Labels, Matcher } from '@seahawks/model';
import type { MatrixSelector, VectorSelector } from '@seahawks/promql';
import { InvalidQueryError, StorageClosedError, StorageIOError } from '../storage/index.js';
import type { SeriesSamples } from '../storage/index.js';
import { QueryError } from './errors.js';
import type { Evaluator } from './evaluator.js';
import { compareLabels } from './label-ops.js';
import type { FPoint, Matrix } from './values.js';

/**
 * Reads the series matching `matchers` with their samples in `[minT, maxT]` (inclusive), sorted
 * by labels as Prometheus' storage returns them (so instant vectors come out in its order).
 */
async function selectSeries(
  ev: Evaluator,
  matchers: readonly Matcher[],
  minT: number,
  maxT: number,
): Promise<SeriesSamples[]> {
  ev.checkAlive();
  const out: SeriesSamples[] = [];
  try {
    for await (const s of ev.settings.querier.select(matchers, { minT, maxT })) {
      out.push(s);
      if (out.length % 1024 === 0) ev.checkAlive();
    }
  } catch (err) {
    if (err instanceof QueryError) throw err;
    if (err instanceof InvalidQueryError) throw new QueryError('bad_data', err.message, { cause: err });
    // The store being away is not the query's fault: the API answers 503 so clients retry.
    if (err instanceof StorageIOError || err instanceof StorageClosedError) throw err;
    throw new QueryError('execution', `expanding series: ${describeError(err)}`, { cause: err });
  }
  return out.sort((a, b) => compareLabels(a.labels, b.labels));
}

/** How `evalVectorSelector` reports each step: the sample's value, or its stored time (`timestamp()`). */
export type SelectorValue = 'value' | 'timestamp';

/**
 * An instant vector selector at every step: per series the latest sample in
 * `(t - offset - lookback, t - offset]` (left-open since Prometheus 3), nothing when that sample
 * is a staleness marker. With `@` the lookup time is pinned for all steps.
 */
export async function evalVectorSelector(
  ev: Evaluator,
  vs: VectorSelector,
  report: SelectorValue = 'value',
): Promise<Matrix> {
  const at = ev.resolveAt(vs.at);
  const lookback = ev.settings.lookbackMs;
  const from = (at ?? ev.startMs) - vs.offsetMs;
  const to = (at ?? ev.endMs) - vs.offsetMs;
  const all = await selectSeries(ev, vs.matchers, from - lookback + 1, to);
  const steps = ev.stepTimes();
  const out: Matrix = [];
  for (const s of all) {
    ev.checkAlive();
    const samples = s.samples;
    const points: FPoint[] = [];
    let next = 0; // first sample after the lookup time; lookup times never decrease
    for (const t of steps) {
      const ref = (at ?? t) - vs.offsetMs;
      while (next < samples.length && samples[next]!.t <= ref) next++;
      const latest = samples[next - 1];
      if (latest === undefined || latest.t <= ref - lookback || isStaleNaN(latest.v)) continue;
      points.push({ t, v: report === 'value' ? latest.v : latest.t });
    }
    if (points.length === 0) continue;
    ev.budget.add(points.length);
    out.push({ labels: s.labels, points, dropName: false });
  }
  return out;
}

/** One series a range function reads: all its points over every step's window, markers removed. */
export interface RangeSourceSeries {
  readonly labels: Labels;
  readonly points: readonly FPoint[];
  readonly dropName: boolean;
}

/**
 * The data behind a range vector (`x[5m]` or a subquery) for all steps at once: each step `t`
 * sees the points in `(end - rangeMs, end]` with `end = (atMs ?? t) - offsetMs`.
 */
export interface RangeSource {
  readonly series: readonly RangeSourceSeries[];
  readonly rangeMs: number;
  readonly offsetMs: number;
  readonly atMs: number | undefined;
}

/** Fetches a range selector's samples once for every step of `ev`. */
export async function fetchRangeSource(ev: Evaluator, ms: MatrixSelector): Promise<RangeSource> {
  const vs = ms.selector;
  const at = ev.resolveAt(vs.at);
  const from = (at ?? ev.startMs) - vs.offsetMs - ms.rangeMs;
  const to = (at ?? ev.endMs) - vs.offsetMs;
  const all = await selectSeries(ev, vs.matchers, from + 1, to);
  const series: RangeSourceSeries[] = [];
  for (const s of all) {
    // Range vectors never contain staleness markers: they only end a series for instant lookups.
    const points = s.samples.filter((p) => !isStaleNaN(p.v));
    if (points.length > 0) series.push({ labels: s.labels, points, dropName: false });
  }
  return { series, rangeMs: ms.rangeMs, offsetMs: vs.offsetMs, atMs: at };
}

/** The index range `[lo, hi)` of the points in `(end - range, end]`; `points` sorted by time. */
function windowBounds(points: readonly FPoint[], end: number, rangeMs: number): [number, number] {
  let lo = 0;
  while (lo < points.length && points[lo]!.t <= end - rangeMs) lo++;
  let hi = lo;
  while (hi < points.length && points[hi]!.t <= end) hi++;
  return [lo, hi];
}

/** A range vector as the result of an instant query (`x[5m]`): raw points with their own times. */
export async function evalMatrixSelector(ev: Evaluator, ms: MatrixSelector): Promise<Matrix> {
  const source = await fetchRangeSource(ev, ms);
  const end = (source.atMs ?? ev.startMs) - source.offsetMs;
  const out: Matrix = [];
  for (const s of source.series) {
    const [lo, hi] = windowBounds(s.points, end, source.rangeMs);
    if (hi === lo) continue;
    ev.budget.add(hi - lo);
    out.push({ labels: s.labels, points: s.points.slice(lo, hi), dropName: s.dropName });
  }
  return out;
}

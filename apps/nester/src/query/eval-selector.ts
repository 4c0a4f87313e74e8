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
 * Streams the series matching `matchers` with their samples in `[minT, maxT]` (inclusive) through
 * `each`, and answers what it kept in the order of the series' labels, as Prometheus' storage
 * returns them (so instant vectors come out in its order). Each series' samples are dropped as
 * soon as `each` has read them: a 30-day selection over many series never sits in memory whole,
 * which kept the garbage collector busy for most of a long query.
 */
async function selectEach<R>(
  ev: Evaluator,
  matchers: readonly Matcher[],
  minT: number,
  maxT: number,
  each: (s: SeriesSamples) => R | undefined,
): Promise<R[]> {
  ev.checkAlive();
  const kept: { labels: Labels; r: R }[] = [];
  let seen = 0;
  try {
    for await (const s of ev.settings.querier.select(matchers, { minT, maxT })) {
      if (++seen % 64 === 0) ev.checkAlive();
      const r = each(s);
      if (r !== undefined) kept.push({ labels: s.labels, r });
    }
  } catch (err) {
    if (err instanceof QueryError) throw err;
    if (err instanceof InvalidQueryError) throw new QueryError('bad_data', err.message, { cause: err });
    // The store being away is not the query's fault: the API answers 503 so clients retry.
    if (err instanceof StorageIOError || err instanceof StorageClosedError) throw err;
    throw new QueryError('execution', `expanding series: ${describeError(err)}`, { cause: err });
  }
  return kept.sort((a, b) => compareLabels(a.labels, b.labels)).map((k) => k.r);
}

/** `samples` without staleness markers; the same array when it holds none (the usual case). */
function withoutStale(samples: readonly FPoint[]): readonly FPoint[] {
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!.v;
    // NaN is the only value not equal to itself: a cheap test before the bit comparison.
    if (v !== v && isStaleNaN(v)) return samples.filter((p) => !isStaleNaN(p.v));
  }
  return samples;
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
  const steps = ev.stepTimes();
  return selectEach(ev, vs.matchers, from - lookback + 1, to, (s) => {
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
    if (points.length === 0) return undefined;
    ev.budget.add(points.length);
    return { labels: s.labels, points, dropName: false };
  });
}

/** One series a range function reads: all its points over every step's window, markers removed. */
export interface RangeSourceSeries {
  readonly labels: Labels;
  readonly points: readonly FPoint[];
  readonly dropName: boolean;
}

/**
 * The data behind a range vector (`x[5m]` or a subquery) for all steps at once: each step `t`
 * sees the points in `(end - rangeMs, end]` with `end = (atMs ?? t) - offsetMs`. Its series are
 * handed to `each` one at a time (a selector's straight from storage, see `selectEach`); `each`
 * answers what to keep, in the series' order.
 */
export interface RangeSource {
  each<R>(fn: (s: RangeSourceSeries) => R | undefined): Promise<R[]>;
  readonly rangeMs: number;
  readonly offsetMs: number;
  readonly atMs: number | undefined;
}

/** A range source over series already in memory (a subquery's result). */
export function matrixRangeSource(
  series: readonly RangeSourceSeries[],
  rangeMs: number,
  offsetMs: number,
  atMs: number | undefined,
): RangeSource {
  return {
    each: <R>(fn: (s: RangeSourceSeries) => R | undefined): Promise<R[]> => {
      const out: R[] = [];
      for (const s of series) {
        const r = fn(s);
        if (r !== undefined) out.push(r);
      }
      return Promise.resolve(out);
    },
    rangeMs,
    offsetMs,
    atMs,
  };
}

/** A range selector's samples for every step of `ev`, read from storage when `each` is called. */
export function rangeSelectorSource(ev: Evaluator, ms: MatrixSelector): RangeSource {
  const vs = ms.selector;
  const at = ev.resolveAt(vs.at);
  const from = (at ?? ev.startMs) - vs.offsetMs - ms.rangeMs;
  const to = (at ?? ev.endMs) - vs.offsetMs;
  return {
    each: <R>(fn: (s: RangeSourceSeries) => R | undefined): Promise<R[]> =>
      selectEach(ev, vs.matchers, from + 1, to, (s) => {
        // Range vectors never contain staleness markers: they only end a series for instant lookups.
        const points = withoutStale(s.samples);
        return points.length > 0 ? fn({ labels: s.labels, points, dropName: false }) : undefined;
      }),
    rangeMs: ms.rangeMs,
    offsetMs: vs.offsetMs,
    atMs: at,
  };
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
  const source = rangeSelectorSource(ev, ms);
  const end = (source.atMs ?? ev.startMs) - source.offsetMs;
  return source.each((s) => {
    const [lo, hi] = windowBounds(s.points, end, source.rangeMs);
    if (hi === lo) return undefined;
    ev.budget.add(hi - lo);
    return { labels: s.labels, points: s.points.slice(lo, hi), dropName: s.dropName };
  });
}

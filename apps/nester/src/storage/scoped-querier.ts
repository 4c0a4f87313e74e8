import type { Labels, Matcher } from '@seahawks/model';
import type { SeriesScope } from '../auth/access.js';
import type { Querier, SeriesSamples, TimeRange } from './storage.js';

/**
 * A querier that only ever returns series inside a scope: the scope's matcher is added to every
 * call (a label matcher cannot be removed by the query text, so no PromQL can reach around it),
 * and the `none` scope answers nothing at all.
 */
export function scopedQuerier(inner: Querier, scope: SeriesScope): Querier {
  if (scope.kind === 'all') return inner;
  if (scope.kind === 'none') return EMPTY;
  const add = (ms: readonly Matcher[]): Matcher[] => [...ms, scope.matcher];
  return {
    select: (ms, range) => inner.select(add(ms), range),
    series: (ms, range) => inner.series(add(ms), range),
    labelNames: (ms, range) => inner.labelNames(add(ms), range),
    labelValues: (name, ms, range) => inner.labelValues(name, add(ms), range),
  };
}

const EMPTY: Querier = {
  select: (_ms: readonly Matcher[], _range: TimeRange): AsyncIterable<SeriesSamples> => ({
    [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) }),
  }),
  series: (): Promise<Labels[]> => Promise.resolve([]),
  labelNames: (): Promise<string[]> => Promise.resolve([]),
  labelValues: (): Promise<string[]> => Promise.resolve([]),
};

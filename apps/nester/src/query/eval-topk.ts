import { METRIC_NAME } from '@seahawks/model';
import type { AggregateExpr } from '@seahawks/promql';
import { QueryError } from './errors.js';
import type { Evaluator } from './evaluator.js';
import { keepLabels, removeLabels } from './label-ops.js';
import { keyOf } from './matrix-ops.js';
import { totalPoints } from './values.js';
import type { EvalSeries, Matrix } from './values.js';

/** One sample kept by topk, bottomk, limitk or limit_ratio, with the series it came from. */
export interface Entry {
  readonly series: EvalSeries;
  readonly v: number;
}

/** A heap order: true when `a` belongs nearer the top than `b`. */
export type Less = (a: Entry, b: Entry) => boolean;

// Go's `vectorByValueHeap` (topk keeps its smallest on top) and `vectorByReverseValueHeap`
// (bottomk keeps its largest on top); NaN always counts as "less", so it is evicted first.
export const smallerFirst: Less = (a, b) => Number.isNaN(a.v) || a.v < b.v;
const largerFirst: Less = (a, b) => Number.isNaN(a.v) || a.v > b.v;

// A port of Go's container/heap and of the insertion sort its `sort.Sort` uses for up to 12
// elements, so that ties come out in the very order Prometheus gives them.
/** Go's heap `up`: moves `h[start]` towards the top while it is `less` than its parent. */
export function up(h: Entry[], less: Less, start: number): void {
  let j = start;
  for (;;) {
    const i = Math.trunc((j - 1) / 2);
    if (i === j || !less(h[j]!, h[i]!)) break;
    [h[i], h[j]] = [h[j]!, h[i]!];
    j = i;
  }
}

function down(h: Entry[], less: Less, start: number): void {
  let i = start;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= h.length) break;
    let j = j1;
    if (j1 + 1 < h.length && less(h[j1 + 1]!, h[j1]!)) j = j1 + 1;
    if (!less(h[j]!, h[i]!)) break;
    [h[i], h[j]] = [h[j]!, h[i]!];
    i = j;
  }
}

/** Go's `sort.Sort(sort.Reverse(heap))`: insertion sort for short inputs, stable otherwise. */
function sortReversed(h: Entry[], less: Less): Entry[] {
  if (h.length > 12) return h.sort((a, b) => (less(b, a) ? -1 : less(a, b) ? 1 : 0));
  for (let i = 1; i < h.length; i++) {
    for (let j = i; j > 0 && less(h[j - 1]!, h[j]!); j--) [h[j], h[j - 1]] = [h[j - 1]!, h[j]!];
  }
  return h;
}

/** The k of every step, refusing what Prometheus refuses; undefined when no step keeps anything. */
export function kValues(params: readonly number[]): readonly number[] | undefined {
  if (params.some(Number.isNaN)) throw new QueryError('execution', 'Parameter value is NaN');
  if (params.length === 0 || Math.max(...params) < 1) return undefined;
  const min = Math.min(...params);
  const max = Math.max(...params);
  if (min <= -9223372036854775808) throw new QueryError('execution', `Scalar value ${min} underflows int64`);
  if (max >= 9223372036854774784) throw new QueryError('execution', `Scalar value ${max} overflows int64`);
  return params.map(Math.trunc);
}

/**
 * `topk(k, v)` and `bottomk(k, v)`: per group the k largest (smallest) samples, with their own
 * labels. An instant query lists groups in order, each from the largest (smallest) down.
 */
export async function evalTopK(ev: Evaluator, agg: AggregateExpr): Promise<Matrix> {
  const before = ev.budget.current;
  const params =
    agg.param === undefined ? [] : ((await ev.evalMatrix(agg.param))[0]?.points ?? []).map((p) => p.v);
  const input = await ev.evalMatrix(agg.expr);
  const ks = kValues(params);
  if (ks === undefined) {
    ev.budget.current = before;
    return [];
  }
  const less = agg.op === 'topk' ? smallerFirst : largerFirst;
  const names = new Set(agg.without ? [...agg.grouping, METRIC_NAME] : agg.grouping);
  const groupKeys = input.map((s) =>
    keyOf(agg.without ? removeLabels(s.labels, names) : keepLabels(s.labels, names)),
  );

  const cursors = new Int32Array(input.length);
  const out = new Map<EvalSeries, EvalSeries>();
  const ordered: EvalSeries[] = [];
  ev.stepTimes().forEach((t, step) => {
    ev.checkAlive();
    const k = Math.min(ks[step] ?? 0, input.length);
    const heaps = new Map<string, Entry[]>();
    input.forEach((series, i) => {
      const p = series.points[cursors[i]!];
      if (p === undefined || p.t !== t) return;
      cursors[i]!++;
      if (k < 1) return;
      const entry = { series, v: p.v };
      let heap = heaps.get(groupKeys[i]!);
      if (heap === undefined) heaps.set(groupKeys[i]!, (heap = []));
      if (heap.length < k) {
        heap.push(entry);
        up(heap, less, heap.length - 1);
      } else if (less(heap[0]!, entry) && !(Number.isNaN(entry.v) && Number.isNaN(heap[0]!.v))) {
        // The new sample beats the weakest kept one (a number always beats NaN).
        heap[0] = entry;
        down(heap, less, 0);
      }
    });
    for (const heap of heaps.values()) {
      for (const { series, v } of sortReversed(heap, less)) {
        let target = out.get(series);
        if (target === undefined) {
          target = { labels: series.labels, points: [], dropName: series.dropName };
          out.set(series, target);
          ordered.push(target);
        }
        target.points.push({ t, v });
      }
    }
  });
  ev.budget.current = before;
  ev.budget.add(totalPoints(ordered));
  return ordered;
}

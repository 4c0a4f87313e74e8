import { METRIC_NAME } from '@seahawks/model';
import type { AggregateExpr } from '@seahawks/promql';
import { formatG } from './annotations.js';
import { QueryError } from './errors.js';
import type { Evaluator } from './evaluator.js';
import { kValues, smallerFirst, up } from './eval-topk.js';
import type { Entry } from './eval-topk.js';
import { keepLabels, removeLabels } from './label-ops.js';
import { keyOf } from './matrix-ops.js';
import { totalPoints } from './values.js';
import type { EvalSeries, Matrix } from './values.js';
import { prometheusLabelsHash } from './xxhash64.js';

/** Decides, at one step, how a group keeps samples; undefined when the step keeps none. */
type StepRule = { readonly kind: 'k'; readonly k: number } | { readonly kind: 'ratio'; readonly r: number };

/**
 * `limitk(k, v)` and `limit_ratio(r, v)`, Prometheus 3's experimental aggregations: per group,
 * the first k series (in input order) that have a sample at the step, or the series whose label
 * hash falls in the ratio's share of [0, 1) (`r >= 0`: below r; `r < 0`: from 1 + r on, the
 * complement), with their own labels and values. The hash is Prometheus' (`labels.Hash()` of its
 * default build), so both pick the same series. Groups come out in the order of their first
 * series, each in Prometheus' heap order.
 */
export async function evalLimit(ev: Evaluator, agg: AggregateExpr): Promise<Matrix> {
  const before = ev.budget.current;
  const params =
    agg.param === undefined ? [] : ((await ev.evalMatrix(agg.param))[0]?.points ?? []).map((p) => p.v);
  const input = await ev.evalMatrix(agg.expr);
  const rules = agg.op === 'limitk' ? kRules(params, input.length) : ratioRules(ev, agg, params);
  if (rules === undefined) {
    ev.budget.current = before;
    return [];
  }
  const names = new Set(agg.without ? [...agg.grouping, METRIC_NAME] : agg.grouping);
  const groupIndex = new Map<string, number>();
  const groupOf = input.map((s) => {
    const key = keyOf(agg.without ? removeLabels(s.labels, names) : keepLabels(s.labels, names));
    let index = groupIndex.get(key);
    if (index === undefined) groupIndex.set(key, (index = groupIndex.size));
    return index;
  });
  const offsets = new Map<EvalSeries, number>();
  const offsetOf = (s: EvalSeries): number => {
    let o = offsets.get(s);
    if (o === undefined) offsets.set(s, (o = Number(prometheusLabelsHash(ev.namedLabels(s))) / 2 ** 64));
    return o;
  };

  const cursors = new Int32Array(input.length);
  const out = new Map<EvalSeries, EvalSeries>();
  const ordered: EvalSeries[] = [];
  ev.stepTimes().forEach((t, step) => {
    ev.checkAlive();
    const rule = rules[step];
    const heaps: (Entry[] | undefined)[] = new Array<Entry[] | undefined>(groupIndex.size);
    input.forEach((series, i) => {
      const p = series.points[cursors[i]!];
      if (p === undefined || p.t !== t) return;
      cursors[i]!++;
      if (rule === undefined) return;
      const gi = groupOf[i]!;
      const entry = { series, v: p.v };
      let heap = heaps[gi];
      if (rule.kind === 'k') {
        // Prometheus sets a group's first sample in place and pushes the others on its heap.
        if (heap === undefined) heaps[gi] = [entry];
        else if (heap.length < rule.k) {
          heap.push(entry);
          up(heap, smallerFirst, heap.length - 1);
        }
        return;
      }
      if (heap === undefined) heaps[gi] = heap = [];
      if (sampled(rule.r, offsetOf(series))) {
        heap.push(entry);
        up(heap, smallerFirst, heap.length - 1);
      }
    });
    for (const heap of heaps) {
      for (const { series, v } of heap ?? []) {
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

/** Prometheus' `AddRatioSampleWithOffset`. */
function sampled(r: number, offset: number): boolean {
  return (r >= 0 && offset < r) || (r < 0 && offset >= 1 + r);
}

function kRules(params: readonly number[], inputs: number): readonly (StepRule | undefined)[] | undefined {
  const ks = kValues(params);
  return ks?.map((k) => {
    const kept = Math.min(k, inputs);
    return kept < 1 ? undefined : { kind: 'k', k: kept };
  });
}

/** The ratio of every step, refusing NaN and warning of values capped to [-1, 1] as Prometheus. */
function ratioRules(
  ev: Evaluator,
  agg: AggregateExpr,
  params: readonly number[],
): readonly (StepRule | undefined)[] | undefined {
  if (params.length === 0 || params.every((r) => r === 0)) return undefined;
  if (params.some(Number.isNaN)) throw new QueryError('execution', 'Ratio value is NaN');
  const max = Math.max(...params);
  const min = Math.min(...params);
  const pos = agg.param!.pos;
  const warn = (r: number, to: number) =>
    ev.settings.annotations.warn(
      `ratio value should be between -1 and 1, got ${formatG(r)}, capping to ${formatG(to)}`,
      pos,
    );
  if (max > 1) warn(max, 1);
  if (min < -1) warn(min, -1);
  return params.map((r) => (r === 0 ? undefined : { kind: 'ratio', r: Math.max(-1, Math.min(1, r)) }));
}

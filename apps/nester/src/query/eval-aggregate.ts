import { METRIC_NAME } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import type { AggregateExpr, AggregateOp, PosRange } from '@seahawks/promql';
import { internalError } from './errors.js';
import { evalCountValues } from './eval-count-values.js';
import { evalLimit } from './eval-limit.js';
import { evalTopK } from './eval-topk.js';
import type { Evaluator } from './evaluator.js';
import { kahanInc, quantile } from './kahan.js';
import { keepLabels, removeLabels } from './label-ops.js';
import { keyOf } from './matrix-ops.js';
import { quantileWarning } from './functions/over-time.js';
import { totalPoints } from './values.js';
import type { EvalSeries, FPoint, Matrix } from './values.js';

/** The running state of one output group at one step (Prometheus' `groupedAggregation`). */
interface Group {
  value: number;
  mean: number;
  kahanC: number;
  count: number;
  incrementalMean: boolean;
  values: number[];
  dropName: boolean;
}

function start(op: AggregateOp, v: number, dropName: boolean): Group {
  const g: Group = { value: v, mean: v, kahanC: 0, count: 1, incrementalMean: false, values: [], dropName };
  if (op === 'group') g.value = 1;
  if (op === 'stddev' || op === 'stdvar') g.value = Number.isFinite(v) ? 0 : NaN;
  if (op === 'quantile') g.values.push(v);
  return g;
}

/** Folds one more input value into its group, exactly as Prometheus' `aggregation` does. */
function add(op: AggregateOp, g: Group, v: number): void {
  switch (op) {
    case 'sum':
      [g.value, g.kahanC] = kahanInc(v, g.value, g.kahanC);
      return;
    case 'avg': {
      g.count++;
      if (!g.incrementalMean) {
        const [sum, c] = kahanInc(v, g.value, g.kahanC);
        if (sum !== Infinity && sum !== -Infinity) {
          g.value = sum;
          g.kahanC = c;
          return;
        }
        // The plain sum would overflow: continue with an incremental mean instead.
        g.incrementalMean = true;
        g.mean = g.value / (g.count - 1);
        g.kahanC /= g.count - 1;
      }
      const q = (g.count - 1) / g.count;
      [g.mean, g.kahanC] = kahanInc(v / g.count, q * g.mean, q * g.kahanC);
      return;
    }
    case 'max':
      if (g.value < v || Number.isNaN(g.value)) g.value = v;
      return;
    case 'min':
      if (g.value > v || Number.isNaN(g.value)) g.value = v;
      return;
    case 'count':
      g.count++;
      return;
    case 'group':
      return;
    case 'stddev':
    case 'stdvar': {
      // Welford's online variance, without compensation (as in Prometheus).
      g.count++;
      const delta = v - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (v - g.mean);
      return;
    }
    case 'quantile':
      g.values.push(v);
      return;
    default:
      throw internalError(`aggregation ${op} reached the step loop`);
  }
}

function finish(op: AggregateOp, g: Group, param: number): number {
  switch (op) {
    case 'sum':
      return g.value + g.kahanC;
    case 'avg':
      return g.incrementalMean ? g.mean + g.kahanC : g.value / g.count + g.kahanC / g.count;
    case 'count':
      return g.count;
    case 'stdvar':
      return g.value / g.count;
    case 'stddev':
      return Math.sqrt(g.value / g.count);
    case 'quantile':
      return quantile(param, g.values);
    default:
      return g.value;
  }
}

/** The labels of the group a series falls into: `by` keeps, `without` removes (and the name). */
function groupLabels(labels: Labels, agg: AggregateExpr, names: ReadonlySet<string>): Labels {
  if (agg.without) return removeLabels(labels, names);
  return agg.grouping.length === 0 ? [] : keepLabels(labels, names);
}

/**
 * Prometheus checks the quantile over all steps at once, with Go's NaN-propagating max and min:
 * any NaN gives only the NaN warning; otherwise the largest above 1 and the smallest below 0.
 */
function warnQuantiles(ev: Evaluator, params: readonly FPoint[], pos: PosRange): void {
  const values = params.map((p) => p.v);
  const warn = (q: number) => {
    const message = quantileWarning(q);
    if (message !== undefined) ev.settings.annotations.warn(message, pos);
  };
  if (values.some(Number.isNaN)) return warn(NaN);
  if (values.length === 0) return;
  const max = Math.max(...values);
  const min = Math.min(...values);
  if (max > 1) warn(max);
  if (min < 0) warn(min);
}

/**
 * `sum`, `avg`, `count`, `min`, `max`, `group`, `stddev`, `stdvar`, `quantile` with `by` or
 * `without`. Output groups appear in the order their first input series does.
 */
export async function evalAggregate(ev: Evaluator, agg: AggregateExpr): Promise<Matrix> {
  // These keep or build whole series rather than fold values into groups.
  if (agg.op === 'topk' || agg.op === 'bottomk') return evalTopK(ev, agg);
  if (agg.op === 'limitk' || agg.op === 'limit_ratio') return evalLimit(ev, agg);
  if (agg.op === 'count_values') return evalCountValues(ev, agg);
  const before = ev.budget.current;
  const params = agg.param === undefined ? undefined : (await ev.evalMatrix(agg.param))[0]?.points;
  if (agg.op === 'quantile' && params !== undefined && agg.param !== undefined)
    warnQuantiles(ev, params, agg.param.pos);
  const input = await ev.evalMatrix(agg.expr);
  const names = new Set(agg.without ? [...agg.grouping, METRIC_NAME] : agg.grouping);

  const outputs: EvalSeries[] = [];
  const groupOf = new Map<string, number>();
  const seriesGroup = input.map((s) => {
    const labels = groupLabels(s.labels, agg, names);
    const key = keyOf(labels);
    let index = groupOf.get(key);
    if (index === undefined) {
      index = outputs.length;
      groupOf.set(key, index);
      outputs.push({ labels, points: [], dropName: false });
    }
    return index;
  });

  const cursors = new Int32Array(input.length);
  const steps = ev.stepTimes();
  steps.forEach((t, k) => {
    ev.checkAlive();
    const groups: (Group | undefined)[] = new Array<Group | undefined>(outputs.length);
    input.forEach((s, i) => {
      const p = s.points[cursors[i]!];
      if (p === undefined || p.t !== t) return;
      cursors[i]!++;
      const gi = seriesGroup[i]!;
      const g = groups[gi];
      if (g === undefined) groups[gi] = start(agg.op, p.v, s.dropName);
      else {
        g.dropName ||= s.dropName;
        add(agg.op, g, p.v);
      }
    });
    groups.forEach((g, gi) => {
      if (g === undefined) return;
      const out = outputs[gi]!;
      out.points.push({ t, v: finish(agg.op, g, params?.[k]?.v ?? NaN) });
      out.dropName = g.dropName;
    });
  });

  const result = outputs.filter((s) => s.points.length > 0);
  ev.budget.current = before;
  ev.budget.add(totalPoints(result));
  return result;
}

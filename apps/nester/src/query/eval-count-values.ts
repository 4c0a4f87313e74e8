import { METRIC_NAME } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import type { AggregateExpr } from '@seahawks/promql';
import { internalError, QueryError } from './errors.js';
import type { Evaluator } from './evaluator.js';
import { goQuote, keepLabels, removeLabels, withLabel } from './label-ops.js';
import { keyOf } from './matrix-ops.js';
import { rangeEval } from './range-eval.js';
import type { Matrix, OutSample } from './values.js';

/**
 * Go's `strconv.FormatFloat(v, 'f', -1, 64)`: the shortest digits that read back as `v`, never
 * in exponent form (1e21 is "1000000000000000000000"), `NaN`, `+Inf`, `-Inf`.
 */
export function formatFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const text = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (m === null) return text;
  const [, sign, lead, frac = '', exp] = m;
  const digits = lead! + frac;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * `count_values("label", v)`: per group, how many samples have each value, the value written
 * into `label`. Prometheus answers groups in map order; here in first-seen order.
 */
export async function evalCountValues(ev: Evaluator, agg: AggregateExpr): Promise<Matrix> {
  const before = ev.budget.current;
  if (agg.param === undefined) throw internalError('count_values without a label');
  const param = await ev.eval(agg.param);
  if (param.kind !== 'string') throw internalError('count_values label is not a string');
  const label = param.value;
  if (label === '') throw new QueryError('execution', `invalid label name ${goQuote(label)}`);
  // `by` also groups by the new label; `without` keeps it as it keeps every unlisted label.
  const names = new Set(agg.without ? [...agg.grouping, METRIC_NAME] : [...agg.grouping, label]);
  const input = await ev.evalMatrix(agg.expr);
  return rangeEval(ev, before, [input], ([vector]) => {
    const groups = new Map<string, { labels: Labels; count: number }>();
    for (const s of vector!) {
      const labelled = withLabel(s.labels, label, formatFloatF(s.v));
      const grouped = agg.without ? removeLabels(labelled, names) : keepLabels(labelled, names);
      const key = keyOf(grouped);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { labels: grouped, count: 1 });
      else group.count++;
    }
    return [...groups.values()].map((g): OutSample => ({ labels: g.labels, v: g.count, dropName: false }));
  });
}

import type { Labels } from '@seahawks/model';
import { duplicateLabelsetError } from './errors.js';
import type { Evaluator } from './evaluator.js';
import { hasDuplicateLabelsets } from './label-ops.js';
import { keyOf } from './matrix-ops.js';
import type { EvalSeries, Matrix, OutSample, Vector, VSample } from './values.js';

/** Computes one step's output from the inputs' instant vectors at that step. */
export type StepFunction = (vectors: readonly Vector[], t: number) => OutSample[];

/** The instant vector of `input` at step `t`, advancing each series' cursor past it. */
function gather(ev: Evaluator, input: Matrix, cursors: Int32Array, t: number): VSample[] {
  const out: VSample[] = [];
  for (let i = 0; i < input.length; i++) {
    const s = input[i]!;
    const p = s.points[cursors[i]!];
    if (p === undefined || p.t !== t) continue;
    cursors[i]!++;
    out.push({ labels: s.labels, t, v: p.v, dropName: s.dropName });
  }
  ev.budget.add(out.length);
  return out;
}

/**
 * Prometheus' `rangeEval`: runs `fn` once per step over the inputs' vectors at that step and
 * collects its outputs into series. Two outputs with the same labels at one step fail with
 * "vector cannot contain metrics with the same labelset". For a single step the output keeps
 * `fn`'s order (instant queries answer in it); otherwise the matrix is sorted at the very end.
 * `before` is the sample budget before the inputs were evaluated: once the loop is done the
 * inputs are released and only the output stays counted, as in Prometheus.
 */
export function rangeEval(
  ev: Evaluator,
  before: number,
  inputs: readonly Matrix[],
  fn: StepFunction,
): Matrix {
  const cursors = inputs.map((m) => new Int32Array(m.length));
  const named = new Map<Labels, Labels>();
  const nameFor = (s: OutSample): Labels => {
    if (!s.dropName || ev.settings.delayedNameRemoval) return s.labels;
    let l = named.get(s.labels);
    if (l === undefined) {
      l = ev.namedLabels(s);
      named.set(s.labels, l);
    }
    return l;
  };

  let held = ev.budget.current;
  let produced = 0;
  const bySeries = new Map<string, EvalSeries>();
  for (const t of ev.stepTimes()) {
    ev.checkAlive();
    // The vectors of the previous step are gone; only the outputs collected so far remain.
    ev.budget.current = held;
    const vectors = inputs.map((m, i) => gather(ev, m, cursors[i]!, t));
    const result = fn(vectors, t);
    ev.budget.add(result.length);
    held += result.length;
    produced += result.length;

    if (ev.isInstant) {
      const single = result.map((s) => ({
        labels: nameFor(s),
        points: [{ t, v: s.v }],
        dropName: s.dropName,
      }));
      if (!ev.settings.delayedNameRemoval && hasDuplicateLabelsets(single)) throw duplicateLabelsetError();
      ev.budget.current = before + single.length;
      return single;
    }
    for (const s of result) {
      const labels = nameFor(s);
      const key = keyOf(labels);
      const series = bySeries.get(key);
      if (series === undefined) {
        bySeries.set(key, { labels, points: [{ t, v: s.v }], dropName: s.dropName });
        continue;
      }
      if (series.points[series.points.length - 1]!.t === t) throw duplicateLabelsetError();
      series.points.push({ t, v: s.v });
    }
  }
  ev.budget.current = before + produced;
  return [...bySeries.values()];
}

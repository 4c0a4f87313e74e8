import { labelsKey } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import { duplicateLabelsetError, internalError } from './errors.js';
import type { Evaluator } from './evaluator.js';
import { compareLabels } from './label-ops.js';
import type { EvalSeries, FPoint, Matrix } from './values.js';

// Label sets are immutable and the same array travels through every step of a series, so its
// key is computed once per array rather than once per step.
const keyCache = new WeakMap<Labels, string>();

/** `labelsKey`, memoized per label-set array. */
export function keyOf(labels: Labels): string {
  let key = keyCache.get(labels);
  if (key === undefined) {
    key = labelsKey(labels);
    keyCache.set(labels, key);
  }
  return key;
}

/**
 * Merges series that ended up with the same labels (after a metric name was dropped), as
 * Prometheus' `mergeSeriesWithSameLabelset`: fine when their points never share a step,
 * "vector cannot contain metrics with the same labelset" when they do. Keeps first-seen order.
 */
export function mergeSameLabelsets(matrix: Matrix): Matrix {
  if (matrix.length < 2) return matrix;
  const byKey = new Map<string, EvalSeries[]>();
  for (const s of matrix) {
    const key = keyOf(s.labels);
    const group = byKey.get(key);
    if (group === undefined) byKey.set(key, [s]);
    else group.push(s);
  }
  if (byKey.size === matrix.length) return matrix;
  const out: Matrix = [];
  for (const group of byKey.values()) {
    if (group.length === 1) {
      out.push(group[0]!);
      continue;
    }
    const points: FPoint[] = group.flatMap((s) => s.points).sort((a, b) => a.t - b.t);
    for (let i = 1; i < points.length; i++) {
      if (points[i]!.t === points[i - 1]!.t) throw duplicateLabelsetError();
    }
    out.push({ labels: group[0]!.labels, points, dropName: group.some((s) => s.dropName) });
  }
  return out;
}

/**
 * Turns the single-step result of a step-invariant subtree into the same value at every step of
 * `ev` (Prometheus' `StepInvariantExpr`).
 */
export function replicateSteps(ev: Evaluator, once: Matrix): Matrix {
  const steps = ev.stepTimes();
  return once.map((s) => {
    const first = s.points[0];
    if (first === undefined || s.points.length !== 1) {
      throw internalError(`step-invariant result with ${s.points.length} points`);
    }
    ev.budget.add(steps.length - 1);
    return { labels: s.labels, points: steps.map((t) => ({ t, v: first.v })), dropName: s.dropName };
  });
}

/** Sorts a matrix by labels in place (Prometheus' `sort.Sort(Matrix)`). */
export function sortByLabels(matrix: Matrix): Matrix {
  return matrix.sort((a, b) => compareLabels(a.labels, b.labels));
}

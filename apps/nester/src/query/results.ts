import type { ValueType } from '@seahawks/promql';
import { duplicateLabelsetError, internalError } from './errors.js';
import type { Evaluator } from './evaluator.js';
import { dropMetadataLabels, hasDuplicateLabelsets } from './label-ops.js';
import { mergeSameLabelsets, sortByLabels } from './matrix-ops.js';
import type { EvalValue, Matrix, MatrixElement, QueryData } from './values.js';

/** With delayed name removal the names marked for dropping go now, at the end (Prometheus' `cleanupMetricLabels`). */
function cleanup(ev: Evaluator, matrix: Matrix): Matrix {
  if (!ev.settings.delayedNameRemoval) return matrix;
  return matrix.map((s) =>
    s.dropName ? { ...s, labels: dropMetadataLabels(s.labels), dropName: false } : s,
  );
}

function toElements(matrix: Matrix): MatrixElement[] {
  return sortByLabels(matrix).map((s) => ({ labels: s.labels, samples: s.points }));
}

/** Shapes the value of an instant query's expression into the answer Prometheus gives. */
export function finishInstant(ev: Evaluator, type: ValueType, value: EvalValue): QueryData {
  const t = ev.startMs;
  if (value.kind === 'string') return { resultType: 'string', value: [t, value.value] };
  switch (type) {
    case 'scalar': {
      const v = value.series[0]?.points[0]?.v;
      if (v === undefined) throw internalError('scalar expression without a value');
      return { resultType: 'scalar', value: [t, v] };
    }
    case 'vector': {
      const vector = cleanup(ev, value.series);
      if (ev.settings.delayedNameRemoval && hasDuplicateLabelsets(vector)) throw duplicateLabelsetError();
      const result = vector.map((s) => ({ labels: s.labels, sample: { t, v: s.points[0]?.v ?? NaN } }));
      return { resultType: 'vector', result };
    }
    case 'matrix': {
      const matrix = ev.settings.delayedNameRemoval
        ? mergeSameLabelsets(cleanup(ev, value.series))
        : value.series;
      return { resultType: 'matrix', result: toElements(matrix) };
    }
    case 'string':
      throw internalError('string expression evaluated to a matrix');
  }
}

/** Shapes a range query's matrix into the answer: series sorted by labels. */
export function finishRange(ev: Evaluator, matrix: Matrix): QueryData {
  ev.checkAlive();
  const cleaned = ev.settings.delayedNameRemoval ? mergeSameLabelsets(cleanup(ev, matrix)) : matrix;
  return { resultType: 'matrix', result: toElements(cleaned) };
}

import { QueryError } from '../errors.js';
import { kahanInc } from '../kahan.js';
import type { FPoint } from '../values.js';
import type { FunctionDef } from './registry.js';

/**
 * Least-squares line through the points (Prometheus' `linearRegression`), x in seconds relative
 * to `interceptMs` (kept near the data for precision). A constant series has slope 0, unless it
 * is infinite (NaN then).
 */
export function linearRegression(
  points: readonly FPoint[],
  interceptMs: number,
): [slope: number, intercept: number] {
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = points[0]!.v;
  let constY = true;
  for (const [i, p] of points.entries()) {
    if (constY && i > 0 && p.v !== initY) constY = false;
    n += 1;
    const x = (p.t - interceptMs) / 1e3;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(p.v, sumY, cY);
    [sumXY, cXY] = kahanInc(x * p.v, sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) return Number.isFinite(initY) ? [0, initY] : [NaN, NaN];
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

/** Go's `%f`: six decimals. */
function goFixed(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return v.toFixed(6);
}

/** Holt's double exponential smoothing (Prometheus' `double_exponential_smoothing`, once `holt_winters`). */
function doubleExponentialSmoothing(points: readonly FPoint[], sf: number, tf: number): number | undefined {
  if (sf <= 0 || sf >= 1) {
    throw new QueryError('execution', `invalid smoothing factor. Expected: 0 < sf < 1, got: ${goFixed(sf)}`);
  }
  if (tf <= 0 || tf >= 1) {
    throw new QueryError('execution', `invalid trend factor. Expected: 0 < tf < 1, got: ${goFixed(tf)}`);
  }
  if (points.length < 2) return undefined;
  let s0 = 0;
  let s1 = points[0]!.v;
  let b = points[1]!.v - points[0]!.v;
  for (let i = 1; i < points.length; i++) {
    const x = sf * points[i]!.v;
    // The trend: the raw first difference at first, then smoothed.
    b = i - 1 === 0 ? b : tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}

/** Changes, resets, slopes and predictions over a range. */
export const trendFunctions: readonly FunctionDef[] = [
  {
    kind: 'range',
    name: 'changes',
    argTypes: ['matrix'],
    returnType: 'vector',
    call: ({ points }) => {
      let changes = 0;
      for (let i = 1; i < points.length; i++) {
        const prev = points[i - 1]!.v;
        const cur = points[i]!.v;
        // Two NaNs in a row are no change.
        if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) changes++;
      }
      return changes;
    },
  },
  {
    kind: 'range',
    name: 'resets',
    argTypes: ['matrix'],
    returnType: 'vector',
    call: ({ points }) => {
      let resets = 0;
      for (let i = 1; i < points.length; i++) if (points[i]!.v < points[i - 1]!.v) resets++;
      return resets;
    },
  },
  {
    kind: 'range',
    name: 'deriv',
    argTypes: ['matrix'],
    returnType: 'vector',
    call: ({ points }) => (points.length < 2 ? undefined : linearRegression(points, points[0]!.t)[0]),
  },
  {
    kind: 'range',
    name: 'predict_linear',
    argTypes: ['matrix', 'scalar'],
    returnType: 'vector',
    // The prediction is anchored at the evaluation time itself.
    stepDependent: true,
    call: ({ points, evalMs }, [seconds]) => {
      if (points.length < 2) return undefined;
      const [slope, intercept] = linearRegression(points, evalMs);
      return slope * (seconds ?? NaN) + intercept;
    },
  },
  {
    kind: 'range',
    name: 'double_exponential_smoothing',
    argTypes: ['matrix', 'scalar', 'scalar'],
    returnType: 'vector',
    call: ({ points }, [sf, tf]) => doubleExponentialSmoothing(points, sf ?? NaN, tf ?? NaN),
  },
];

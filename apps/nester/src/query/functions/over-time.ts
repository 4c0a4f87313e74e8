import { formatG } from '../annotations.js';
import { kahanInc, quantile } from '../kahan.js';
import type { FPoint } from '../values.js';
import type { FunctionDef, RangeFunctionDef, RangeWindow } from './registry.js';

/**
 * Mean of the window as Prometheus computes it: a compensated direct sum while it stays finite,
 * switching to an incremental mean once the sum would overflow (so huge values still average).
 */
export function averageOf(points: readonly FPoint[]): number {
  let sum = points[0]!.v;
  let c = 0;
  let mean = 0;
  let incremental = false;
  for (let i = 1; i < points.length; i++) {
    const v = points[i]!.v;
    const count = i + 1;
    if (!incremental) {
      const [newSum, newC] = kahanInc(v, sum, c);
      if (newSum !== Infinity && newSum !== -Infinity) {
        sum = newSum;
        c = newC;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, c] = kahanInc(v / count, q * mean, q * c);
  }
  if (incremental) return mean + c;
  return sum / points.length + c / points.length;
}

function sumOf(points: readonly FPoint[]): number {
  let sum = 0;
  let c = 0;
  for (const p of points) [sum, c] = kahanInc(p.v, sum, c);
  // The compensation of an infinite sum is meaningless (Inf + -Inf would give NaN).
  return sum === Infinity || sum === -Infinity ? sum : sum + c;
}

/** Max (or min) keeping the first value unless a later one beats it; NaN loses to any number. */
function extremeOf(points: readonly FPoint[], better: (cur: number, best: number) => boolean): number {
  let best = points[0]!.v;
  for (const p of points) {
    if (better(p.v, best) || Number.isNaN(best)) best = p.v;
  }
  return best;
}

/** The time (seconds) of the max (or min) as `extremeOf` picks it. */
function timeOfExtreme(points: readonly FPoint[], better: (cur: number, best: number) => boolean): number {
  let best = points[0]!.v;
  let t = points[0]!.t;
  for (const p of points) {
    if (better(p.v, best) || Number.isNaN(best)) {
      best = p.v;
      t = p.t;
    }
  }
  return t / 1000;
}

/** Population variance with compensated running mean (Prometheus' `varianceOverTime`). */
function varianceOf(points: readonly FPoint[]): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (const p of points) {
    count++;
    const delta = p.v - (mean + cMean);
    [mean, cMean] = kahanInc(delta / count, mean, cMean);
    [aux, cAux] = kahanInc(delta * (p.v - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

/** A range function of the window's values alone; no output for an empty window. */
function overTime(
  name: string,
  f: (points: readonly FPoint[], scalars: readonly number[]) => number,
  extra: Partial<Pick<RangeFunctionDef, 'keepMetricName' | 'argTypes' | 'scalarWarning'>> = {},
): RangeFunctionDef {
  return {
    kind: 'range',
    name,
    argTypes: extra.argTypes ?? ['matrix'],
    returnType: 'vector',
    keepMetricName: extra.keepMetricName,
    scalarWarning: extra.scalarWarning,
    call: (w: RangeWindow, scalars) => (w.points.length === 0 ? undefined : f(w.points, scalars)),
  };
}

/** Prometheus' warning for a φ outside [0, 1] (the answer is then ±Inf or NaN). */
export function quantileWarning(q: number): string | undefined {
  if (Number.isNaN(q) || q < 0 || q > 1) return `quantile value should be between 0 and 1, got ${formatG(q)}`;
  return undefined;
}

/** The `<aggregation>_over_time` family. */
export const overTimeFunctions: readonly FunctionDef[] = [
  overTime('avg_over_time', averageOf),
  overTime('sum_over_time', sumOf),
  overTime('count_over_time', (p) => p.length),
  overTime('max_over_time', (p) => extremeOf(p, (cur, best) => cur > best)),
  overTime('min_over_time', (p) => extremeOf(p, (cur, best) => cur < best)),
  // last_ and first_over_time act like an offset: the value keeps its meaning, so its name.
  overTime('last_over_time', (p) => p[p.length - 1]!.v, { keepMetricName: true }),
  overTime('first_over_time', (p) => p[0]!.v, { keepMetricName: true }),
  overTime('present_over_time', () => 1),
  overTime('stdvar_over_time', varianceOf),
  overTime('stddev_over_time', (p) => Math.sqrt(varianceOf(p))),
  overTime(
    'quantile_over_time',
    (p, scalars) =>
      quantile(
        scalars[0] ?? NaN,
        p.map((x) => x.v),
      ),
    { argTypes: ['scalar', 'matrix'], scalarWarning: (scalars) => quantileWarning(scalars[0] ?? NaN) },
  ),
  overTime('ts_of_first_over_time', (p) => p[0]!.t / 1000),
  overTime('ts_of_last_over_time', (p) => p[p.length - 1]!.t / 1000),
  // Ties go to the latest sample.
  overTime('ts_of_max_over_time', (p) => timeOfExtreme(p, (cur, best) => cur >= best)),
  overTime('ts_of_min_over_time', (p) => timeOfExtreme(p, (cur, best) => cur <= best)),
  overTime('mad_over_time', (p) => {
    // A NaN makes the median, and so the deviation, undefined.
    if (p.some((x) => Number.isNaN(x.v))) return NaN;
    const values = p.map((x) => x.v);
    const median = quantile(0.5, values);
    return quantile(
      0.5,
      values.map((v) => Math.abs(v - median)),
    );
  }),
];

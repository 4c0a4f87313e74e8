import type { ValueType } from './ast.js';

/** Signature of a PromQL function, as the parser checks calls against it. */
export interface FunctionSignature {
  readonly name: string;
  /** Argument types in order; see {@link variadic} for optional and repeated ones. */
  readonly argTypes: readonly ValueType[];
  /**
   * 0: exactly `argTypes.length` arguments. n > 0: the last argument is optional and may be
   * given up to n times. -1: the last argument is optional and may repeat without limit.
   */
  readonly variadic: number;
  readonly returnType: ValueType;
  /** Behind a feature flag in Prometheus 3 (`promql-experimental-functions`); accepted here. */
  readonly experimental: boolean;
}

const V: ValueType = 'vector';
const M: ValueType = 'matrix';
const S: ValueType = 'scalar';
const STR: ValueType = 'string';

type Row = readonly [
  name: string,
  args: readonly ValueType[],
  ret: ValueType,
  variadic?: number,
  experimental?: boolean,
];

// Every Prometheus 3 function that works on float samples. Native-histogram-only functions
// (histogram_avg, _count, _sum, _stddev, _stdvar, _quantiles), info() and the duration
// helpers step(), range(), start(), end(), min_of(), max_of() are left out.
const ROWS: readonly Row[] = [
  ['abs', [V], V],
  ['absent', [V], V],
  ['absent_over_time', [M], V],
  ['acos', [V], V],
  ['acosh', [V], V],
  ['asin', [V], V],
  ['asinh', [V], V],
  ['atan', [V], V],
  ['atanh', [V], V],
  ['avg_over_time', [M], V],
  ['ceil', [V], V],
  ['changes', [M], V],
  ['clamp', [V, S, S], V],
  ['clamp_max', [V, S], V],
  ['clamp_min', [V, S], V],
  ['cos', [V], V],
  ['cosh', [V], V],
  ['count_over_time', [M], V],
  ['days_in_month', [V], V, 1],
  ['day_of_month', [V], V, 1],
  ['day_of_week', [V], V, 1],
  ['day_of_year', [V], V, 1],
  ['deg', [V], V],
  ['delta', [M], V],
  ['deriv', [M], V],
  ['double_exponential_smoothing', [M, S, S], V, 0, true],
  ['exp', [V], V],
  ['first_over_time', [M], V, 0, true],
  ['floor', [V], V],
  ['histogram_fraction', [S, S, V], V],
  ['histogram_quantile', [S, V], V],
  // Prometheus 2's name for double_exponential_smoothing, kept so older dashboards still parse.
  ['holt_winters', [M, S, S], V],
  ['hour', [V], V, 1],
  ['idelta', [M], V],
  ['increase', [M], V],
  ['irate', [M], V],
  ['label_join', [V, STR, STR, STR], V, -1],
  ['label_replace', [V, STR, STR, STR, STR], V],
  ['last_over_time', [M], V],
  ['ln', [V], V],
  ['log10', [V], V],
  ['log2', [V], V],
  ['mad_over_time', [M], V, 0, true],
  ['max_over_time', [M], V],
  ['min_over_time', [M], V],
  ['minute', [V], V, 1],
  ['month', [V], V, 1],
  ['pi', [], S],
  ['predict_linear', [M, S], V],
  ['present_over_time', [M], V],
  ['quantile_over_time', [S, M], V],
  ['rad', [V], V],
  ['rate', [M], V],
  ['resets', [M], V],
  ['round', [V, S], V, 1],
  ['scalar', [V], S],
  ['sgn', [V], V],
  ['sin', [V], V],
  ['sinh', [V], V],
  ['sort', [V], V],
  ['sort_by_label', [V, STR], V, -1, true],
  ['sort_by_label_desc', [V, STR], V, -1, true],
  ['sort_desc', [V], V],
  ['sqrt', [V], V],
  ['stddev_over_time', [M], V],
  ['stdvar_over_time', [M], V],
  ['sum_over_time', [M], V],
  ['tan', [V], V],
  ['tanh', [V], V],
  ['time', [], S],
  ['timestamp', [V], V],
  ['ts_of_first_over_time', [M], V, 0, true],
  ['ts_of_last_over_time', [M], V, 0, true],
  ['ts_of_max_over_time', [M], V, 0, true],
  ['ts_of_min_over_time', [M], V, 0, true],
  ['vector', [S], V],
  ['year', [V], V, 1],
];

/** All PromQL functions by name (case-sensitive, as in Prometheus). */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(
  ROWS.map(([name, argTypes, returnType, variadic = 0, experimental = false]) => [
    name,
    Object.freeze({ name, argTypes, variadic, returnType, experimental }),
  ]),
);

/** The signature of a function, or undefined when PromQL has no function of that name. */
export function getFunction(name: string): FunctionSignature | undefined {
  return FUNCTIONS.get(name);
}

/** Smallest and largest number of arguments a call may have (`max` is Infinity when unbounded). */
export function argumentCount(fn: FunctionSignature): { readonly min: number; readonly max: number } {
  const n = fn.argTypes.length;
  if (fn.variadic === 0) return { min: n, max: n };
  return { min: n - 1, max: fn.variadic < 0 ? Infinity : n - 1 + fn.variadic };
}

/** Type expected of the argument at `index` (0-based), or undefined past the last allowed one. */
export function argumentType(fn: FunctionSignature, index: number): ValueType | undefined {
  if (index < fn.argTypes.length) return fn.argTypes[index];
  if (fn.variadic === 0) return undefined;
  return fn.argTypes[fn.argTypes.length - 1];
}

import type { Expr, ValueType } from '@seahawks/promql';
import type { Annotations } from '../annotations.js';
import { internalError } from '../errors.js';
import type { EvalSeries, FPoint, Matrix, OutSample, Vector } from '../values.js';

/**
 * The samples one range-vector function sees for one series at one step: those in
 * `(rangeStartMs, rangeEndMs]` (left-open, as in Prometheus 3), staleness markers removed.
 */
export interface RangeWindow {
  readonly points: readonly FPoint[];
  /** Exclusive lower bound, ms: evaluation time - offset - range. */
  readonly rangeStartMs: number;
  /** Inclusive upper bound, ms: evaluation time - offset. */
  readonly rangeEndMs: number;
  /** The selector's (or subquery's) range, ms. */
  readonly rangeMs: number;
  /** The step being evaluated, ms. */
  readonly evalMs: number;
}

/** One argument of an instant function at one step, as its declared type says. */
export type StepArg = Vector | number | string;

/** What an instant function knows besides its arguments. */
export interface InstantCallContext {
  /** The step being evaluated, ms. */
  readonly evalMs: number;
  /** The argument expressions as written (absent() reads its selector's matchers). */
  readonly args: readonly Expr[];
  /** Where to leave warnings and infos (positions: take them from `args`). */
  readonly annotations: Annotations;
  /** Names are still on the samples and dropped at the end (annotations then quote them). */
  readonly delayedNameRemoval: boolean;
}

interface BaseDef {
  readonly name: string;
  /** Declared argument types, in order. */
  readonly argTypes: readonly ValueType[];
  /**
   * Prometheus' `Variadic`: 0 (default) takes exactly the declared arguments; otherwise the last
   * one is optional and may repeat up to this many times in all (-1: without limit).
   */
  readonly variadic?: number;
  readonly returnType: ValueType;
  /**
   * The result depends on the evaluation time itself, not only on its arguments
   * (Prometheus' `AtModifierUnsafeFunctions`): never evaluated once and replicated.
   */
  readonly stepDependent?: boolean;
}

/** A function over one range vector (`rate(x[5m])`), called per series and step. */
export interface RangeFunctionDef extends BaseDef {
  readonly kind: 'range';
  /** Keep the metric name in the output (`last_over_time` acts like an offset). */
  readonly keepMetricName?: boolean;
  /** Note series whose name does not look like a counter's (Prometheus' info for `rate`, `increase`). */
  readonly expectsCounter?: boolean;
  /** A warning about the scalar arguments, checked whenever the function runs (e.g. a bad quantile). */
  scalarWarning?(scalars: readonly number[]): string | undefined;
  /**
   * Replaces the per-series results with one summary (`absent_over_time` reports the steps at
   * which no series had a sample). Skips the duplicate-labelset check, as in Prometheus.
   */
  summarize?(perSeries: Matrix, ctx: { readonly steps: readonly number[]; readonly arg: Expr }): Matrix;
  /**
   * Returns the value for this window, or undefined for no output at this step.
   * `scalars` are the other (scalar) arguments at this step, in order.
   */
  call(window: RangeWindow, scalars: readonly number[]): number | undefined;
}

/** A function over instant vectors, scalars and strings, called once per step. */
export interface InstantFunctionDef extends BaseDef {
  readonly kind: 'instant';
  /** A bare selector argument yields samples whose `t` is the stored sample's time (`timestamp()`). */
  readonly storedTimestamps?: boolean;
  /** A warning to give when evaluated over more than one step (sorting a range query is futile). */
  readonly rangeWarning?: string;
  call(args: readonly StepArg[], ctx: InstantCallContext): OutSample[];
}

/** A function that rewrites whole series (labels only), e.g. `label_replace`. */
export interface SeriesFunctionDef extends BaseDef {
  readonly kind: 'series';
  /** Validates the string arguments once and returns the per-series rewrite. */
  prepare(strings: readonly string[]): (series: EvalSeries) => EvalSeries;
}

/** Any function implementation; `kind` says how the evaluator calls it. */
export type FunctionDef = RangeFunctionDef | InstantFunctionDef | SeriesFunctionDef;

/** The vector argument at `i`; the type checker guarantees the declared type. */
export function vectorArg(args: readonly StepArg[], i: number): Vector {
  const a = args[i];
  if (!Array.isArray(a)) throw internalError(`argument ${i} is not an instant vector`);
  return a as Vector;
}

/** The scalar argument at `i`, or `fallback` when the optional argument was left out. */
export function scalarArg(args: readonly StepArg[], i: number, fallback?: number): number {
  const a = args[i];
  if (a === undefined && fallback !== undefined) return fallback;
  if (typeof a !== 'number') throw internalError(`argument ${i} is not a scalar`);
  return a;
}

/** The string argument at `i`. */
export function stringArg(args: readonly StepArg[], i: number): string {
  const a = args[i];
  if (typeof a !== 'string') throw internalError(`argument ${i} is not a string`);
  return a;
}

/** Applies `f` to every sample's value; the result loses its metric name (Prometheus' `simpleFloatFunc`). */
export function mapValues(vector: Vector, f: (v: number) => number): OutSample[] {
  return vector.map((s) => ({ labels: s.labels, v: f(s.v), dropName: true }));
}

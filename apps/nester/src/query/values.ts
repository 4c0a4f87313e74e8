import type { Labels, Sample } from '@seahawks/model';

/** One float point inside the engine: `t` in milliseconds, `v` the value. */
export interface FPoint {
  readonly t: number;
  readonly v: number;
}

/**
 * One series of an evaluated expression. For scalars and instant vectors the points sit on the
 * evaluation steps (one per step at most); for range vectors they keep the stored timestamps.
 * `dropName` marks a series whose metric name is to be removed (Prometheus' `DropName`): right
 * away normally, at the very end with delayed name removal.
 */
export interface EvalSeries {
  labels: Labels;
  points: FPoint[];
  dropName: boolean;
}

/** Prometheus' `Matrix`: what every scalar, instant-vector and range-vector node evaluates to. */
export type Matrix = EvalSeries[];

/** One element of an instant vector at one step: the input of functions and operators. */
export interface VSample {
  readonly labels: Labels;
  /** The step's time, or the stored sample's time where a function asks for it (`timestamp`). */
  readonly t: number;
  readonly v: number;
  readonly dropName: boolean;
}

/** Prometheus' `Vector`: the samples of an instant vector at one step. */
export type Vector = readonly VSample[];

/** What a function or operator returns for one step; the step loop adds the time. */
export interface OutSample {
  readonly labels: Labels;
  readonly v: number;
  readonly dropName: boolean;
}

/** The value of any expression node while evaluating. */
export type EvalValue =
  { readonly kind: 'matrix'; readonly series: Matrix } | { readonly kind: 'string'; readonly value: string };

/** Result of a query whose expression is a scalar. Time in ms. */
export interface ScalarResult {
  readonly resultType: 'scalar';
  readonly value: readonly [t: number, v: number];
}

/** Result of a query whose expression is a string literal. Time in ms. */
export interface StringResult {
  readonly resultType: 'string';
  readonly value: readonly [t: number, v: string];
}

/** One series of an instant vector result, with its single sample (at the evaluation time). */
export interface VectorElement {
  readonly labels: Labels;
  readonly sample: Sample;
}

/** Result of an instant query over an instant vector; order as Prometheus returns it. */
export interface VectorResult {
  readonly resultType: 'vector';
  readonly result: readonly VectorElement[];
}

/** One series of a matrix result, samples sorted by time. */
export interface MatrixElement {
  readonly labels: Labels;
  readonly samples: readonly Sample[];
}

/** Result of a range query (any type), or of an instant query over a range vector; sorted by labels. */
export interface MatrixResult {
  readonly resultType: 'matrix';
  readonly result: readonly MatrixElement[];
}

/** The answer of a query, by the type of its expression (Prometheus' `resultType`). */
export type QueryData = ScalarResult | StringResult | VectorResult | MatrixResult;

/**
 * A query's answer plus the annotations Prometheus would attach: `warnings` and `infos`
 * are full messages (`PromQL warning: ...`, `PromQL info: ...`).
 */
export type QueryResult = QueryData & {
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
};

/** Total number of points held by a matrix (Prometheus' `TotalSamples`). */
export function totalPoints(m: Matrix): number {
  let n = 0;
  for (const s of m) n += s.points.length;
  return n;
}

import type { Labels } from '@seahawks/model';
import type { AtModifier, Expr } from '@seahawks/promql';
import type { Querier } from '../storage/index.js';
import type { Annotations } from './annotations.js';
import { canceledError, internalError, timeoutError, tooManySamplesError } from './errors.js';
import { evalAggregate } from './eval-aggregate.js';
import { evalBinary } from './eval-binary.js';
import { evalCall } from './eval-call.js';
import { evalMatrixSelector, evalVectorSelector } from './eval-selector.js';
import { evalSubquery } from './eval-subquery.js';
import { dropMetadataLabels } from './label-ops.js';
import { mergeSameLabelsets, replicateSteps } from './matrix-ops.js';
import type { EvalValue, Matrix } from './values.js';

/** Everything fixed for the whole query, shared by the evaluator and its children (subqueries). */
export interface EvalSettings {
  readonly querier: Querier;
  /** Instant selectors find the latest sample in (t - lookback, t]. */
  readonly lookbackMs: number;
  readonly deadlineMs: number;
  readonly now: () => number;
  readonly signal: AbortSignal | undefined;
  /** Step of a subquery written without one (`x[5m:]`); Prometheus' global evaluation interval. */
  readonly noStepSubqueryIntervalMs: number;
  /** Prometheus' `promql-delayed-name-removal` feature: names are dropped at the very end. */
  readonly delayedNameRemoval: boolean;
  /** The query's own start and end, for `@ start()` and `@ end()`. */
  readonly queryStartMs: number;
  readonly queryEndMs: number;
  /** Subtrees to evaluate once and replicate (see step-invariant.ts). */
  readonly invariant: ReadonlySet<Expr>;
  /** Where warnings and infos about the query are collected. */
  readonly annotations: Annotations;
  /**
   * Range-function results already computed in this query, by expression text and steps: the
   * host page's CPU query names `rate(x[r])` twice, and over 30 days each costs millions of
   * samples read (see eval-call.ts).
   */
  readonly rangeResults: Map<string, Matrix>;
}

/**
 * How many points the query holds in memory right now (Prometheus' `currentSamples`), checked
 * against the limit on every increase.
 */
export class SampleBudget {
  current = 0;
  constructor(readonly max: number) {}

  /** Counts `n` more points; throws the too-many-samples error past the limit. */
  add(n: number): void {
    this.current += n;
    if (this.current > this.max) throw tooManySamplesError();
  }

  /** Throws if `n` more points would not fit, without counting them (a transient window). */
  check(n: number): void {
    if (this.current + n > this.max) throw tooManySamplesError();
  }
}

/**
 * Evaluates expressions over the steps `startMs, startMs + intervalMs, ... <= endMs` like
 * Prometheus' evaluator: every node yields a matrix with at most one point per series and step
 * (an instant query is a range of one step). Selectors fetch their data once for all steps.
 */
export class Evaluator {
  private steps: readonly number[] | undefined;

  constructor(
    readonly settings: EvalSettings,
    readonly budget: SampleBudget,
    readonly startMs: number,
    readonly endMs: number,
    readonly intervalMs: number,
  ) {}

  /** A single-step evaluation: the instant query, or a step-invariant subtree. */
  get isInstant(): boolean {
    return this.startMs === this.endMs;
  }

  /** The evaluation times in ms, ascending. */
  stepTimes(): readonly number[] {
    if (this.steps === undefined) {
      const out: number[] = [];
      for (let t = this.startMs; t <= this.endMs; t += this.intervalMs) out.push(t);
      this.steps = out;
    }
    return this.steps;
  }

  /** An evaluator for other steps sharing this query's settings and sample budget. */
  child(startMs: number, endMs: number, intervalMs: number): Evaluator {
    return new Evaluator(this.settings, this.budget, startMs, endMs, intervalMs);
  }

  /** Throws when the query was canceled or ran out of time. Cheap: call it in every loop. */
  checkAlive(): void {
    if (this.settings.signal?.aborted === true) throw canceledError();
    if (this.settings.now() > this.settings.deadlineMs) throw timeoutError();
  }

  /** The time an `@` modifier pins a selector or subquery to, in ms; undefined without one. */
  resolveAt(at: AtModifier | undefined): number | undefined {
    if (at === undefined) return undefined;
    switch (at.kind) {
      case 'time':
        return at.ms;
      case 'start':
        return this.settings.queryStartMs;
      case 'end':
        return this.settings.queryEndMs;
    }
  }

  /** Labels after a function or operator that marks them `dropName` (now, or at the end when delayed). */
  namedLabels(s: { readonly labels: Labels; readonly dropName: boolean }): Labels {
    return s.dropName && !this.settings.delayedNameRemoval ? dropMetadataLabels(s.labels) : s.labels;
  }

  /** Evaluates an expression that is not a string. */
  async evalMatrix(expr: Expr): Promise<Matrix> {
    const value = await this.eval(expr);
    if (value.kind !== 'matrix') throw internalError(`expected a matrix from ${expr.type}, got a string`);
    return value.series;
  }

  /**
   * Evaluates any expression at every step. A step-invariant subtree is evaluated at the first
   * step only and repeated.
   */
  async eval(expr: Expr): Promise<EvalValue> {
    this.checkAlive();
    if (this.endMs < this.startMs) return { kind: 'matrix', series: [] };
    if (!this.isInstant && this.settings.invariant.has(expr)) {
      const once = await this.child(this.startMs, this.startMs, this.intervalMs).evalNode(expr);
      if (once.kind === 'string') return once;
      return { kind: 'matrix', series: replicateSteps(this, once.series) };
    }
    return this.evalNode(expr);
  }

  private async evalNode(expr: Expr): Promise<EvalValue> {
    switch (expr.type) {
      case 'number':
        return { kind: 'matrix', series: this.constant(expr.value) };
      case 'string':
        return { kind: 'string', value: expr.value };
      case 'paren':
        return this.eval(expr.expr);
      case 'unary':
        return expr.op === '-'
          ? { kind: 'matrix', series: await this.negate(expr.expr) }
          : this.eval(expr.expr);
      case 'vectorSelector':
        return { kind: 'matrix', series: await evalVectorSelector(this, expr) };
      case 'matrixSelector':
        if (!this.isInstant) throw internalError('cannot do range evaluation of matrix selector');
        return { kind: 'matrix', series: await evalMatrixSelector(this, expr) };
      case 'subquery':
        return { kind: 'matrix', series: (await evalSubquery(this, expr)).series };
      case 'call':
        return evalCall(this, expr);
      case 'aggregate':
        return { kind: 'matrix', series: await evalAggregate(this, expr) };
      case 'binary':
        return { kind: 'matrix', series: await evalBinary(this, expr) };
    }
  }

  /** A scalar: one label-less series with the value at every step. */
  private constant(v: number): Matrix {
    const steps = this.stepTimes();
    this.budget.add(steps.length);
    return [{ labels: [], points: steps.map((t) => ({ t, v })), dropName: false }];
  }

  private async negate(operand: Expr): Promise<Matrix> {
    const input = await this.evalMatrix(operand);
    const out: Matrix = input.map((s) => {
      const negated = {
        labels: s.labels,
        points: s.points.map((p) => ({ t: p.t, v: -p.v })),
        dropName: true,
      };
      return { ...negated, labels: this.namedLabels(negated) };
    });
    // Without its name `-a{x="1"}` and `-b{x="1"}` collide; Prometheus merges them when their
    // steps do not overlap (and fails when they do).
    return this.settings.delayedNameRemoval ? out : mergeSameLabelsets(out);
  }
}

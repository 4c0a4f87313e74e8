import { parseExpr, PromQLParseError } from '@seahawks/promql';
import type { Expr } from '@seahawks/promql';
import type { Querier } from '../storage/index.js';
import { Annotations } from './annotations.js';
import { QueryError } from './errors.js';
import { Evaluator, SampleBudget } from './evaluator.js';
import type { EvalSettings } from './evaluator.js';
import { checkExpr, documentedType, typeOf } from './expr-check.js';
import { finishInstant, finishRange } from './results.js';
import { findStepInvariant } from './step-invariant.js';
import type { QueryData, QueryResult } from './values.js';

/** Tuning of the engine; every field has Prometheus' default. */
export interface QueryEngineOptions {
  /** How far back an instant selector looks for the latest sample, ms (default 5 m). */
  readonly lookbackDeltaMs?: number;
  /** Most points one query may hold in memory at once (default 50,000,000). */
  readonly maxSamples?: number;
  /** Longest a query may run, ms (default 2 m). */
  readonly timeoutMs?: number;
  /** Step of subqueries written without one, ms: Prometheus' evaluation interval (default 1 m). */
  readonly noStepSubqueryIntervalMs?: number;
  /**
   * Prometheus' `promql-delayed-name-removal` feature flag (default off, as in Prometheus 3):
   * metric names are removed at the end of the evaluation instead of at each function.
   */
  readonly delayedNameRemoval?: boolean;
  /** Parses query text (default: `parseExpr` of @seahawks/promql). */
  readonly parse?: (text: string) => Expr;
  /** Clock for the timeout, ms (injected in tests). */
  readonly now?: () => number;
}

/** Per-query options. */
export interface QueryOptions {
  /** Aborting it ends the query with a `canceled` error. */
  readonly signal?: AbortSignal;
  /** The text an expression passed as a tree was parsed from: annotations then carry positions. */
  readonly text?: string;
}

/** Evaluates PromQL exactly as Prometheus 3 does, over any `Querier`. */
export interface QueryEngine {
  /** Evaluates at one time (ms). A range-vector expression answers a matrix. */
  instantQuery(query: string | Expr, timeMs: number, options?: QueryOptions): Promise<QueryResult>;
  /**
   * Evaluates at `startMs, startMs + stepMs, ... <= endMs`. The expression must be a scalar or an
   * instant vector; the answer is a matrix sorted by labels.
   */
  rangeQuery(
    query: string | Expr,
    startMs: number,
    endMs: number,
    stepMs: number,
    options?: QueryOptions,
  ): Promise<QueryResult>;
}

/** Attaches the query's warnings and infos; their positions need the query text. */
function withAnnotations(
  data: QueryData,
  ev: Evaluator,
  query: string | Expr,
  opts?: QueryOptions,
): QueryResult {
  return { ...data, ...ev.settings.annotations.render(typeof query === 'string' ? query : opts?.text) };
}

/** Creates an engine reading through `querier`. Throws `QueryError` from its queries only. */
export function createQueryEngine(querier: Querier, options: QueryEngineOptions = {}): QueryEngine {
  const lookbackMs = options.lookbackDeltaMs ?? 5 * 60_000;
  const maxSamples = options.maxSamples ?? 50_000_000;
  const timeoutMs = options.timeoutMs ?? 2 * 60_000;
  const now = options.now ?? Date.now;

  const parse = options.parse ?? parseExpr;

  const prepare = (query: string | Expr): Expr => {
    if (typeof query !== 'string') return query;
    try {
      return parse(query);
    } catch (err) {
      // A query PromQL rejects is the client's mistake: bad_data, with the parser's message.
      if (err instanceof PromQLParseError) throw new QueryError('bad_data', err.message, { cause: err });
      throw err;
    }
  };

  const evaluator = (expr: Expr, startMs: number, endMs: number, intervalMs: number, opts?: QueryOptions) => {
    const settings: EvalSettings = {
      annotations: new Annotations(),
      querier,
      lookbackMs,
      deadlineMs: now() + timeoutMs,
      now,
      signal: opts?.signal,
      noStepSubqueryIntervalMs: options.noStepSubqueryIntervalMs ?? 60_000,
      delayedNameRemoval: options.delayedNameRemoval ?? false,
      queryStartMs: startMs,
      queryEndMs: endMs,
      invariant: findStepInvariant(expr),
      rangeResults: new Map(),
    };
    return new Evaluator(settings, new SampleBudget(maxSamples), startMs, endMs, intervalMs);
  };

  return {
    async instantQuery(query, timeMs, opts) {
      const expr = prepare(query);
      checkExpr(expr);
      // Prometheus runs an instant query as a range of one step with a 1 ms interval.
      const ev = evaluator(expr, timeMs, timeMs, 1, opts);
      const data = finishInstant(ev, typeOf(expr), await ev.eval(expr));
      return withAnnotations(data, ev, query, opts);
    },

    async rangeQuery(query, startMs, endMs, stepMs, opts) {
      if (!(stepMs > 0)) {
        throw new QueryError(
          'bad_data',
          'zero or negative query resolution step widths are not accepted. Try a positive integer',
        );
      }
      if (endMs < startMs) throw new QueryError('bad_data', 'end timestamp must not be before start time');
      const expr = prepare(query);
      checkExpr(expr);
      const type = typeOf(expr);
      if (type !== 'vector' && type !== 'scalar') {
        throw new QueryError(
          'bad_data',
          `invalid expression type "${documentedType(type)}" for range query, must be Scalar or instant Vector`,
        );
      }
      const ev = evaluator(expr, startMs, endMs, stepMs, opts);
      return withAnnotations(finishRange(ev, await ev.evalMatrix(expr)), ev, query, opts);
    },
  };
}

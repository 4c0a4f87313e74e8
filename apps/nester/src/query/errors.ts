import { SeahawksError } from '@seahawks/model';

/**
 * The error classes of Prometheus' HTTP API that a query can end in. The API layer copies
 * `errorType` into the envelope unchanged and picks the HTTP status from it.
 */
export type QueryErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal';

/**
 * A query that could not be answered. Messages follow Prometheus' wording word for word where
 * Prometheus has one (clients and dashboards match on them), `cannot <verb> <object>: <cause>`
 * otherwise.
 */
export class QueryError extends SeahawksError {
  readonly errorType: QueryErrorType;

  constructor(errorType: QueryErrorType, message: string, options?: { cause?: unknown }) {
    super(`promql_${errorType}`, message, options);
    this.errorType = errorType;
  }
}

/** Where Prometheus says a limit was hit; part of its messages ("... in query execution"). */
const ENV_EXECUTION = 'query execution';
const ENV_EVALUATION = 'expression evaluation';

/** The query would hold more than `maxSamples` points in memory at once (Prometheus' `ErrTooManySamples`). */
export function tooManySamplesError(): QueryError {
  return new QueryError(
    'execution',
    `query processing would load too many samples into memory in ${ENV_EXECUTION}`,
  );
}

/** The query ran past its deadline (Prometheus' `ErrQueryTimeout`). */
export function timeoutError(): QueryError {
  return new QueryError('timeout', `query timed out in ${ENV_EVALUATION}`);
}

/** The caller aborted the query (Prometheus' `ErrQueryCanceled`). */
export function canceledError(): QueryError {
  return new QueryError('canceled', `query was canceled in ${ENV_EVALUATION}`);
}

/** A query using a function this engine does not implement yet: refused, never answered wrongly. */
export function unsupportedFunctionError(name: string): QueryError {
  return new QueryError('execution', `function "${name}" is not supported yet`);
}

/** A query using an aggregation operator this engine does not implement yet. */
export function unsupportedAggregationError(op: string): QueryError {
  return new QueryError('execution', `aggregation "${op}" is not supported yet`);
}

/** Prometheus' error when one step would hold two series with the same labels. */
export function duplicateLabelsetError(): QueryError {
  return new QueryError('execution', 'vector cannot contain metrics with the same labelset');
}

/** An invariant of the engine itself broke; always a bug here, never the caller's fault. */
export function internalError(message: string): QueryError {
  return new QueryError('internal', `cannot evaluate query: ${message}`);
}

import { InvalidInputError, SeahawksError } from '@seahawks/model';
import { ForbiddenSeriesError } from '../ingest/validate.js';

/** Prometheus API error types (`errorType` of the JSON envelope). */
export type PromErrorType =
  'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'unavailable' | 'not_found';

export interface ClassifiedError {
  readonly status: number;
  readonly errorType: PromErrorType;
  readonly message: string;
  /** True when the error is the nester's fault: log it with its stack. */
  readonly internal: boolean;
}

/**
 * The one place an error becomes an HTTP status. Bad input is 4xx so senders do not retry;
 * storage trouble is 503 so they do; anything unforeseen is 500 and logged.
 */
export function classifyError(err: unknown): ClassifiedError {
  if (err instanceof ForbiddenSeriesError) {
    return { status: 403, errorType: 'bad_data', message: err.message, internal: false };
  }
  if (err instanceof InvalidInputError) {
    return { status: 400, errorType: 'bad_data', message: err.message, internal: false };
  }
  if (err instanceof SeahawksError) {
    switch (err.code) {
      case 'storage_closed':
      case 'storage_io':
        return { status: 503, errorType: 'unavailable', message: err.message, internal: true };
      case 'invalid_query':
        return { status: 400, errorType: 'bad_data', message: err.message, internal: false };
      default:
        if ('errorType' in err && typeof err.errorType === 'string')
          return fromQueryError(err, err.errorType);
        return { status: 500, errorType: 'internal', message: err.message, internal: true };
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, errorType: 'internal', message, internal: true };
}

// The query engine's errors carry Prometheus' errorType; map them to Prometheus' statuses.
function fromQueryError(err: SeahawksError, errorType: string): ClassifiedError {
  switch (errorType) {
    case 'bad_data':
      return { status: 400, errorType, message: err.message, internal: false };
    case 'execution':
      return { status: 422, errorType, message: err.message, internal: false };
    case 'timeout':
      return { status: 503, errorType, message: err.message, internal: false };
    case 'canceled':
      return { status: 499, errorType, message: err.message, internal: false };
    default:
      return { status: 500, errorType: 'internal', message: err.message, internal: true };
  }
}

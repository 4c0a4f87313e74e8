import { describeError, InvalidInputError, SeahawksError } from '@seahawks/model';
import { StorageIOError } from '../../storage/errors.js';

/** SQLSTATE of a unique violation: a (series_id, time) already taken. */
export const UNIQUE_VIOLATION = '23505';

/**
 * SQLSTATE classes that mean the input cannot be stored however often it is retried: data
 * exceptions (22: bad encoding, out-of-range values) and program limits (54: e.g. an index row
 * too large). Everything else (08 connection, 57 shutdown, 53 resources, 40 deadlock, 55 lock,
 * 58/XX server, and errors without a SQLSTATE such as ECONNREFUSED or a dropped socket) is
 * treated as transient, so senders retry rather than drop data.
 */
const INPUT_CLASSES = new Set(['22', '54']);

/** The SQLSTATE of an error raised by the server, when it is one. */
export function sqlState(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Turns anything `pg` throws into a typed error for the edge to classify: `InvalidInputError`
 * (answer 4xx) for input the server refuses, `StorageIOError` (5xx, retry) otherwise. Errors that
 * are already typed pass through. `what` completes "cannot <what>".
 */
export function classifyPgError(err: unknown, what: string): SeahawksError {
  if (err instanceof SeahawksError) return err;
  const state = sqlState(err);
  const detail = state === undefined ? describeError(err) : `${describeError(err)} (SQLSTATE ${state})`;
  const message = `cannot ${what}: ${detail}`;
  if (state !== undefined && INPUT_CLASSES.has(state.slice(0, 2))) {
    return new InvalidInputError(message, { cause: err });
  }
  return new StorageIOError(message, { cause: err });
}

/** Runs `fn`, rethrowing whatever it throws as classified by `classifyPgError`. */
export async function classified<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classifyPgError(err, what);
  }
}

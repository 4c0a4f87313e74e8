/**
 * Errors are data: every error Seahawks raises on purpose carries a stable `code`
 * that callers switch on, and a message that reads `cannot <verb> <object>: <cause>`.
 * Classification (HTTP status, retry or not) happens only at the edges.
 */
export class SeahawksError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Input from outside (a client, a file, a harvester) is malformed; retrying cannot help. */
export class InvalidInputError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_input', message, options);
  }
}

/** Describes any thrown value for a log line or an error message without losing it. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

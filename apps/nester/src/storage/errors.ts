import { SeahawksError } from '@seahawks/model';

/** The store is closed or failed; transient from a sender's point of view (answer 5xx). */
export class StorageClosedError extends SeahawksError {
  constructor(message = 'cannot use storage: it is closed') {
    super('storage_closed', message);
  }
}

/** Writing to disk failed; transient (answer 5xx so senders retry). */
export class StorageIOError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('storage_io', message, options);
  }
}

/** A query the store cannot answer as asked (e.g. matchers that select every series). */
export class InvalidQueryError extends SeahawksError {
  constructor(message: string) {
    super('invalid_query', message);
  }
}

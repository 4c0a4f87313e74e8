import { SeahawksError } from '@seahawks/model';
import { StorageIOError } from '../../../storage/errors.js';
import { ByteFormatError } from './bytes.js';
import { CorruptBlockError } from './errors.js';

/**
 * The typed error for a failure while reading block `path`: our own errors pass through,
 * format errors become `CorruptBlockError`, anything the system reports `StorageIOError`.
 */
export function asReadError(path: string, err: unknown): Error {
  if (err instanceof SeahawksError) return err;
  if (err instanceof ByteFormatError) return new CorruptBlockError(path, err.message, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new StorageIOError(`cannot read block ${path}: ${message}`, { cause: err });
}

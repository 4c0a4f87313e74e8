import { InvalidInputError } from '@seahawks/model';

/** The remote_read codec's error prefixes, `cannot <verb> remote_read protobuf: …`. */
export const READ_DECODE_PREFIX = 'cannot decode remote_read protobuf: ';
export const READ_ENCODE_PREFIX = 'cannot encode remote_read protobuf: ';

const WRITE_DECODE_PREFIX = 'cannot decode remote_write protobuf: ';
const WRITE_ENCODE_PREFIX = 'cannot encode remote_write protobuf: ';

/**
 * Runs `work`, which uses the remote_write wire helpers, and renames their errors to the
 * remote_read message they are about: the shared reader says "remote_write" in its messages.
 * Anything that is not an `InvalidInputError` passes through unchanged.
 */
export function asReadError<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof InvalidInputError) {
      const m = err.message;
      if (m.startsWith(WRITE_DECODE_PREFIX))
        throw new InvalidInputError(READ_DECODE_PREFIX + m.slice(WRITE_DECODE_PREFIX.length), { cause: err });
      if (m.startsWith(WRITE_ENCODE_PREFIX))
        throw new InvalidInputError(READ_ENCODE_PREFIX + m.slice(WRITE_ENCODE_PREFIX.length), { cause: err });
    }
    throw err;
  }
}

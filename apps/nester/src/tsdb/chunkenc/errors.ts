import { SeahawksError } from '@seahawks/model';

/**
 * A chunk's bytes do not decode: truncated, garbage, or written by a buggy encoder. Reading stops
 * at the first inconsistency instead of returning samples that may be wrong.
 */
export class CorruptChunkError extends SeahawksError {
  constructor(message: string) {
    super('corrupt_chunk', message);
  }
}

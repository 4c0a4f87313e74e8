import { SeahawksError } from '@seahawks/model';

/**
 * A block file does not read: wrong magic or version, a footer or section that does not add
 * up, a checksum mismatch, or an index or chunk that does not decode. The message names the
 * file and what is wrong. The block cannot be trusted as a whole; the caller decides whether to
 * set it aside.
 */
export class CorruptBlockError extends SeahawksError {
  readonly path: string;
  /** What is wrong, without the file name. */
  readonly what: string;

  constructor(path: string, what: string, options?: { cause?: unknown }) {
    super('corrupt_block', `cannot read block ${path}: ${what}`, options);
    this.path = path;
    this.what = what;
  }
}

/**
 * What a block writer was given cannot be stored as a block: chunks out of time order or
 * overlapping, a label set given twice or not canonical, a chunk that does not decode, or an id
 * out of range. A bug of the caller, never transient.
 */
export class InvalidBlockInputError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_block_input', message, options);
  }
}

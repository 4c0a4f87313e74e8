import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SeahawksError } from '@seahawks/model';

/** The nester's small documents (users, credentials, fleet) could not be read or written. */
export class StateFileError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('state_file', message, options);
  }
}

/**
 * A JSON document on disk, replaced atomically (write a temporary file, fsync, rename, fsync the
 * directory) so a crash leaves either the old or the new version, never half of one.
 * Writes are serialised: the last `save` wins and resolves once it is durable.
 */
export class JsonFile<T> {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly mode = 0o600,
  ) {}

  /** Reads the document, or returns `fallback` when the file does not exist yet. */
  async load(fallback: T): Promise<T> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
      throw new StateFileError(`cannot read ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new StateFileError(`cannot parse ${this.path}: ${(err as Error).message}`, { cause: err });
    }
  }

  save(value: T): Promise<void> {
    const text = `${JSON.stringify(value, null, 2)}\n`;
    const next = this.chain.then(() => this.write(text));
    // A failed write must not poison the writes queued after it; the caller still sees its own error.
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async write(text: string): Promise<void> {
    const tmp = `${this.path}.tmp`;
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const fh = await open(tmp, 'w', this.mode);
      try {
        await fh.writeFile(text);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.path);
      const dir = await open(dirname(this.path), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch (err) {
      throw new StateFileError(`cannot write ${this.path}: ${(err as Error).message}`, { cause: err });
    }
  }
}

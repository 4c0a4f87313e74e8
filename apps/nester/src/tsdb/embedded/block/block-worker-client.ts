import type { Worker } from 'node:worker_threads';
import { StorageIOError } from '../../../storage/errors.js';
import { startWorker } from '../../../worker-start.js';
import type { BlockFailure, BlockReply, BlockRequest } from './block-worker.js';
import { CorruptBlockError, InvalidBlockInputError } from './errors.js';
import type { WrittenBlock } from './types.js';

/**
 * The main thread's end of one block worker: requests go out in order and each resolves with
 * its reply, or rejects with the typed error the worker reported. `what` ("write block 7")
 * starts the messages of errors that have no message of their own.
 */
export class BlockWorkerClient {
  private readonly worker: Worker;
  private readonly pending: { resolve(w: WrittenBlock | undefined): void; reject(e: Error): void }[] = [];
  private failure: Error | undefined;

  constructor(private readonly what: string) {
    this.worker = startWorker(import.meta.url, 'block-worker');
    this.worker.on('message', (reply: BlockReply) => {
      const p = this.pending.shift();
      if (reply.type === 'ok') p?.resolve(reply.written);
      else p?.reject(this.typed(reply.failure));
    });
    this.worker.on('error', (err) =>
      this.fail(new StorageIOError(`cannot ${what}: worker failed: ${err.message}`, { cause: err })),
    );
    this.worker.on('exit', (code) =>
      this.fail(new StorageIOError(`cannot ${what}: worker exited with code ${code}`)),
    );
  }

  /** False once the worker failed or ended: nothing more can be asked of it. */
  get alive(): boolean {
    return this.failure === undefined;
  }

  request(req: BlockRequest, transfer: ArrayBuffer[] = []): Promise<WrittenBlock | undefined> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.postMessage(req, transfer);
    });
  }

  /** Ends the worker (after its file was finished or aborted: a descriptor belongs to the process). */
  async close(): Promise<void> {
    this.failure ??= new StorageIOError(`cannot ${this.what}: the worker is closed`);
    await this.worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.splice(0)) p.reject(this.failure);
  }

  private typed(f: BlockFailure): Error {
    switch (f.code) {
      case 'invalid_block_input':
        return new InvalidBlockInputError(f.message);
      case 'corrupt_chunk':
        return new InvalidBlockInputError(`cannot ${this.what}: ${f.message}`);
      case 'corrupt_block':
        return new CorruptBlockError(f.corruptPath ?? '?', f.corruptWhat ?? f.message);
      default:
        return new StorageIOError(`cannot ${this.what}: ${f.message}`);
    }
  }
}

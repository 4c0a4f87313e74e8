import { groupTransfer } from './checkpoint-group.js';
import type { CheckpointReply, CheckpointRequest, WriterState } from './checkpoint-worker.js';
import { handle } from './checkpoint-worker.js';
import { startWorker } from '../../worker-start.js';

/**
 * Where a checkpoint's bytes go: `send` queues a request and resolves with the bytes it wrote,
 * in order. `close` ends the sink (and its thread) whatever happened, closing a file left open.
 */
export interface CheckpointSink {
  send(req: CheckpointRequest): Promise<number>;
  close(): Promise<void>;
}

/** Encodes and writes on the calling thread (tests, and a fallback when threads are unwanted). */
export function inlineSink(): CheckpointSink {
  const state: WriterState = { fd: undefined, previous: undefined };
  return {
    send: (req) => {
      try {
        return Promise.resolve(handle(state, req));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    close: () => {
      handle(state, { type: 'abort' });
      return Promise.resolve();
    },
  };
}

/** A sink backed by a worker thread started for this checkpoint. */
export function workerSink(): CheckpointSink {
  const worker = startWorker(import.meta.url, 'checkpoint-worker');
  worker.unref();
  const pending: { resolve(n: number): void; reject(e: Error): void }[] = [];
  let failure: Error | undefined;
  const fail = (err: Error): void => {
    failure ??= err;
    for (const p of pending.splice(0)) p.reject(failure);
  };
  worker.on('message', (reply: CheckpointReply) => {
    const p = pending.shift();
    if (reply.type === 'ok') p?.resolve(reply.bytes);
    else p?.reject(new Error(reply.message));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`checkpoint worker exited with code ${code}`)));
  const send = (req: CheckpointRequest): Promise<number> => {
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise<number>((resolve, reject) => {
      pending.push({ resolve, reject });
      worker.postMessage(req, req.type === 'group' ? groupTransfer(req.group) : []);
    });
  };
  return {
    send,
    close: async () => {
      // A file descriptor belongs to the process, not the thread: close it before ending the
      // thread. If the worker already failed, its error was reported by the `send` that met it.
      if (failure === undefined) await send({ type: 'abort' });
      await worker.terminate();
    },
  };
}

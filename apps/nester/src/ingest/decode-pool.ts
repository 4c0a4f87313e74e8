import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { InvalidInputError } from '@seahawks/model';
import type { ColumnarBatch } from '../storage/index.js';
import type { DecodeReply, DecodeRequest } from './decode-worker.js';
import { startWorker } from '../worker-start.js';
import { SeriesHandles } from './series-handles.js';
import { ForbiddenSeriesError } from './validate.js';
import type { WriterIdentity } from './validate.js';

/**
 * Decoder threads: the main thread appends to the engine and answers HTTP, so everything a
 * request costs before the append (snappy, protobuf, checks) runs beside it. One thread fewer
 * than cores (the main thread has one), at least one.
 */
export function defaultDecodeThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** The decoder thread failed (not the request): answer 5xx, the sender retries. */
export class DecoderThreadError extends Error {}

interface Pending {
  resolve(batch: ColumnarBatch): void;
  reject(err: Error): void;
}

/** One thread, its queue of requests in flight, and the main thread's handles for its refs. */
interface Slot {
  readonly worker: Worker;
  readonly pending: Pending[];
  readonly handles: SeriesHandles;
  dead: boolean;
}

/**
 * A pool of remote_write decoder threads, started at the first request. `decode` resolves with the
 * request as a columnar batch of interned series handles, or rejects with the error the
 * synchronous path would throw (`InvalidInputError`, `ForbiddenSeriesError`), or a
 * `DecoderThreadError` if a thread died (it is replaced). A body that owns its whole buffer is
 * moved to the thread, not copied: the caller's view of it is empty afterwards.
 */
export class DecodePool {
  private readonly slots: (Slot | undefined)[];
  private closed = false;
  private turn = 0;

  constructor(readonly size: number = defaultDecodeThreads()) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`cannot start ${size} decoder threads`);
    this.slots = new Array<Slot | undefined>(size).fill(undefined);
  }

  decode(
    body: Uint8Array,
    contentEncoding: string | undefined,
    maxDecodedBytes: number,
    writer: WriterIdentity | undefined,
  ): Promise<ColumnarBatch> {
    if (this.closed)
      return Promise.reject(new DecoderThreadError('cannot decode remote_write: shutting down'));
    const slot = this.pick();
    // A body that owns its whole buffer moves to the thread; a slice of a pooled one is copied.
    const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    const bytes = owned ? body : new Uint8Array(body);
    const req: DecodeRequest = {
      body: bytes,
      contentEncoding,
      maxDecodedBytes,
      writer: writer && { instance: writer.instance, team: writer.team },
    };
    return new Promise<ColumnarBatch>((resolve, reject) => {
      slot.pending.push({ resolve, reject });
      slot.worker.postMessage(req, [bytes.buffer as ArrayBuffer]);
    });
  }

  /** Ends the threads; requests in flight reject. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const running = this.slots.filter((s): s is Slot => s !== undefined);
    this.slots.fill(undefined);
    await Promise.all(
      running.map(async (s) => {
        s.dead = true;
        this.failAll(s, new DecoderThreadError('cannot decode remote_write: shutting down'));
        await s.worker.terminate();
      }),
    );
  }

  /** The thread with the fewest requests in flight (starting it if need be). */
  private pick(): Slot {
    let best: Slot | undefined;
    for (let k = 0; k < this.slots.length; k++) {
      const i = (this.turn + k) % this.slots.length;
      const slot = this.slots[i] ?? this.start(i);
      if (best === undefined || slot.pending.length < best.pending.length) best = slot;
      if (slot.pending.length === 0) break;
    }
    this.turn = (this.turn + 1) % this.slots.length;
    return best!;
  }

  private start(i: number): Slot {
    const worker = startWorker(import.meta.url, 'decode-worker');
    worker.unref();
    const slot: Slot = { worker, pending: [], handles: new SeriesHandles(), dead: false };
    this.slots[i] = slot;
    worker.on('message', (reply: DecodeReply) => this.settle(slot, reply));
    const fail = (err: Error): void => {
      if (slot.dead) return;
      slot.dead = true;
      if (this.slots[i] === slot) this.slots[i] = undefined;
      this.failAll(slot, new DecoderThreadError(`remote_write decoder thread failed: ${err.message}`));
      void worker.terminate();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
    return slot;
  }

  private settle(slot: Slot, reply: DecodeReply): void {
    const p = slot.pending.shift();
    if (reply.ok) {
      // Resolved even with nobody waiting: the refs a reply defines are used by the next ones.
      let batch: ColumnarBatch;
      try {
        batch = slot.handles.resolve(reply.columns);
      } catch (err) {
        p?.reject(new DecoderThreadError((err as Error).message));
        return;
      }
      p?.resolve(batch);
    } else if (reply.kind === 'forbidden') p?.reject(new ForbiddenSeriesError(reply.message));
    else if (reply.kind === 'invalid') p?.reject(new InvalidInputError(reply.message));
    else p?.reject(new DecoderThreadError(`remote_write decoder thread failed: ${reply.message}`));
  }

  private failAll(slot: Slot, err: Error): void {
    for (const p of slot.pending.splice(0)) p.reject(err);
  }
}

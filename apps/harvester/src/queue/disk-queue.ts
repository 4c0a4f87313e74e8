import { mkdir } from 'node:fs/promises';
import { describeError, InvalidInputError } from '@seahawks/model';
import { readCursor, writeCursor } from './cursor.js';
import { recordSize, verifyRecord } from './record.js';
import { SegmentStore } from './segment-store.js';
import type { RecordLocation } from './segment-store.js';
import { evictionMessage, pickEvictions } from './eviction.js';
import { QueueClosedError, QueueError } from './types.js';
import type { BatchMeta, Clock, DiskQueueOptions, Logger, QueuedBatch, QueueStats } from './types.js';

interface Entry extends RecordLocation {
  readonly id: number;
  readonly meta: BatchMeta;
}

/**
 * A bounded, crash-safe, append-only queue of opaque batches in one directory (segment files
 * of checksummed records plus an atomically replaced cursor; see record.ts and cursor.ts).
 *
 * - `append` resolves once the batch is fsynced; `ack` once the acknowledgement is: acknowledged
 *   batches never come back after a restart, unacknowledged ones always do (a crash can only
 *   cause a resend, never a loss).
 * - Bounded by `maxBytes` and `maxAgeMs`: what the bounds force out is dropped oldest first,
 *   counted in `stats()` and logged, never silently.
 * - A torn tail left by a crash is truncated on open with a warning.
 * - Operations run one at a time in call order; one consumer is expected (the shipper).
 */
export class DiskQueue {
  private pending: Entry[] = [];
  private pendingBytes = 0;
  /** Done ids above the watermark (acknowledged out of order), persisted in the cursor. */
  private readonly doneAbove = new Set<number>();
  private nextId = 0;
  private droppedBatches = 0;
  private droppedBytes = 0;
  private corruptBytes = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly segmentBytes: number;

  private constructor(
    private readonly dir: string,
    private readonly store: SegmentStore,
    private readonly options: DiskQueueOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger;
    this.segmentBytes =
      options.segmentBytes ?? Math.min(8 << 20, Math.max(64 << 10, Math.floor(options.maxBytes / 8)));
  }

  /** Opens (creating if needed) the queue in `dir`, repairing a torn tail and applying the bounds. */
  static async open(dir: string, options: DiskQueueOptions): Promise<DiskQueue> {
    checkOptions(options);
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw new QueueError(`cannot create queue directory ${dir}: ${describeError(err)}`, { cause: err });
    }
    const cursor = await readCursor(dir, options.logger);
    const { store, records, corruptBytes } = await SegmentStore.open(dir, options.logger);
    const queue = new DiskQueue(dir, store, options);
    const done = new Set(cursor.doneAbove);
    for (const r of records) {
      if (r.id <= cursor.doneThrough || done.has(r.id)) continue;
      queue.pending.push({ id: r.id, meta: r.meta, segment: r.segment, offset: r.offset, size: r.size });
      queue.pendingBytes += r.size;
    }
    // Ids are never reused, even when every segment holding them is gone.
    queue.nextId = cursor.doneAbove.reduce(
      (next, id) => Math.max(next, id + 1),
      Math.max(store.nextId, cursor.doneThrough + 1),
    );
    for (const id of done) queue.doneAbove.add(id);
    queue.corruptBytes = corruptBytes;
    queue.evict(0);
    await queue.persist();
    const { batches, bytes } = queue.stats();
    options.logger('info', `opened queue ${dir}: ${batches} batches (${bytes} bytes) waiting`, {
      dir,
      batches,
      bytes,
    });
    return queue;
  }

  /**
   * Appends one batch; resolves once it is durable. Older batches are dropped first if the
   * bounds require it. The payload is copied to disk, the caller keeps ownership.
   */
  async append(payload: Uint8Array, meta: BatchMeta): Promise<void> {
    checkMeta(meta);
    const size = recordSize(payload.length);
    const bound = this.options.maxBytes;
    if (size > bound) {
      throw new InvalidInputError(
        `cannot append batch: ${size} bytes exceed the queue bound of ${bound} bytes`,
      );
    }
    return this.serial('append batch', async () => {
      if (this.evict(size)) await this.persist();
      const id = this.nextId++;
      const location = await this.store.append(id, meta, payload, this.segmentBytes);
      this.pending.push({ id, meta, ...location });
      this.pendingBytes += location.size;
    });
  }

  /** Returns up to `max` waiting batches, oldest first, without removing them. */
  peek(max: number): Promise<QueuedBatch[]> {
    return this.serial('peek batches', () =>
      this.readBatches((pending) => pending.slice(0, Math.max(0, max))),
    );
  }

  /**
   * Returns up to `max` of the newest waiting batches whose newest sample is at or after
   * `sinceT` (ms), in id order, without removing them: the shipper sends the live stream ahead
   * of a backlog being replayed, and checks this often, so the filter runs before any read.
   */
  peekNewest(max: number, sinceT = -Infinity): Promise<QueuedBatch[]> {
    const take = Math.max(0, max);
    return this.serial('peek batches', () =>
      this.readBatches((pending) => {
        const out: Entry[] = [];
        for (let i = pending.length - 1; i >= 0 && out.length < take; i--) {
          if (pending[i]!.meta.maxT >= sinceT) out.push(pending[i]!);
        }
        return out.reverse();
      }),
    );
  }

  /** Marks batches done (sent or given up); resolves once that is durable. Unknown ids are ignored. */
  ack(ids: readonly number[]): Promise<void> {
    return this.serial('acknowledge batches', async () => {
      if (this.remove(new Set(ids)) > 0) await this.persist();
    });
  }

  stats(): QueueStats {
    return {
      bytes: this.pendingBytes,
      batches: this.pending.length,
      droppedBatches: this.droppedBatches,
      droppedBytes: this.droppedBytes,
      corruptBytes: this.corruptBytes,
    };
  }

  /** Waits for running operations, then releases the files. Later calls reject; close again is a no-op. */
  close(): Promise<void> {
    if (this.closing === undefined) {
      this.closing = this.serial('close the queue', () => this.store.close());
      this.closed = true;
    }
    return this.closing;
  }

  private async readBatches(pick: (pending: readonly Entry[]) => Entry[]): Promise<QueuedBatch[]> {
    if (this.evict(0)) await this.persist();
    const entries = pick(this.pending);
    const raw = await this.store.read(entries);
    const out: QueuedBatch[] = [];
    const damaged: Entry[] = [];
    entries.forEach((entry, i) => {
      const record = raw[i];
      const checked =
        record === undefined ? { damage: 'its segment file is missing' } : verifyRecord(record, entry.id);
      if ('payload' in checked) out.push({ id: entry.id, payload: checked.payload, meta: entry.meta });
      else {
        damaged.push(entry);
        this.logger('warn', `cannot read queued batch ${entry.id}: ${checked.damage}; dropping it`, {
          id: entry.id,
        });
      }
    });
    if (damaged.length > 0) {
      for (const e of damaged) this.corruptBytes += e.size;
      this.remove(new Set(damaged.map((e) => e.id)));
      await this.persist();
    }
    return out;
  }

  /** Runs operations one at a time, in call order. */
  private serial<T>(operation: string, op: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new QueueClosedError(operation));
    const next = this.chain.then(op);
    // A failed operation must not block the ones queued after it; its caller still sees the error.
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Drops what the bounds force out to make room for `incoming` bytes; true if any. */
  private evict(incoming: number): boolean {
    const { maxBytes, maxAgeMs } = this.options;
    const { tooOld, tooMany } = pickEvictions(this.pending, this.clock() - maxAgeMs, maxBytes - incoming);
    for (const [reason, victims] of [
      ['age', tooOld],
      ['size', tooMany],
    ] as const) {
      if (victims.length === 0) continue;
      const bytes = victims.reduce((sum, e) => sum + e.size, 0);
      this.droppedBatches += victims.length;
      this.droppedBytes += bytes;
      this.remove(new Set(victims.map((e) => e.id)));
      const fields = { reason, batches: victims.length, bytes, maxBytes, maxAgeMs };
      this.logger('warn', evictionMessage(reason, victims, bytes, this.options), fields);
    }
    return tooOld.length + tooMany.length > 0;
  }

  /** Removes pending entries by id; returns how many were removed. */
  private remove(ids: ReadonlySet<number>): number {
    const before = this.pending.length;
    this.pending = this.pending.filter((e) => {
      if (!ids.has(e.id)) return true;
      this.pendingBytes -= e.size;
      this.doneAbove.add(e.id);
      return false;
    });
    return before - this.pending.length;
  }

  /** Writes the cursor, then deletes the segments it makes useless. */
  private async persist(): Promise<void> {
    const doneThrough = (this.pending[0]?.id ?? this.nextId) - 1;
    for (const id of this.doneAbove) if (id <= doneThrough) this.doneAbove.delete(id);
    await writeCursor(this.dir, { doneThrough, doneAbove: [...this.doneAbove].sort((a, b) => a - b) });
    await this.store.deleteThrough(doneThrough);
  }
}

function checkOptions(options: DiskQueueOptions): void {
  const { maxBytes, maxAgeMs, segmentBytes } = options;
  if (!(maxBytes > 0) || !(maxAgeMs > 0) || (segmentBytes !== undefined && !(segmentBytes > 0))) {
    throw new InvalidInputError(
      `cannot open queue: maxBytes (${maxBytes}), maxAgeMs (${maxAgeMs}) and segmentBytes (${segmentBytes}) must be positive`,
    );
  }
}

function checkMeta(meta: BatchMeta): void {
  const { minT, maxT, samples } = meta;
  if (!Number.isFinite(minT) || !Number.isFinite(maxT) || minT > maxT) {
    throw new InvalidInputError(`cannot append batch: sample times ${minT}..${maxT} are not a finite range`);
  }
  if (!Number.isInteger(samples) || samples < 0 || samples > 0xffffffff) {
    throw new InvalidInputError(
      `cannot append batch: sample count ${samples} is not an unsigned 32-bit integer`,
    );
  }
}

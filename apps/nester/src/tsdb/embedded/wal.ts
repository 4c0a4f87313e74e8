import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '@seahawks/model';
import { StorageClosedError, StorageIOError } from '../../storage/errors.js';
import { segmentName, syncDir, writeAll } from './wal-files.js';

/** Marks where `cut()` asked for a new segment inside the queue of unwritten frames. */
const CUT = Symbol('cut');

interface Waiter {
  readonly seq: number;
  resolve(): void;
  reject(err: unknown): void;
}

interface CutWaiter {
  resolve(lastSegment: number): void;
  reject(err: unknown): void;
}

/** Counters of the WAL writer (bytes and syncs since open). */
export interface WalStats {
  readonly bytesWritten: number;
  readonly fsyncs: number;
  readonly segment: number;
}

/**
 * The write side of the write-ahead log, with group commit: `log` queues framed records
 * synchronously (so their order is the order appends applied to the head), and `commit`
 * resolves once all of them are on disk. One flush runs at a time; whatever is queued while it
 * writes and syncs goes out together in the next one, so many concurrent appenders share one
 * `fdatasync`. After a failed write or sync the log is poisoned: the kernel may have dropped
 * the dirty pages, so nothing later can be acknowledged as durable.
 */
export class Wal {
  private queue: Array<Buffer | typeof CUT> = [];
  private waiters: Waiter[] = [];
  private cutWaiters: CutWaiter[] = [];
  private loggedSeq = 0;
  private durableSeq = 0;
  private segmentSize = 0;
  private fsyncs = 0;
  private flushing: Promise<void> | undefined;
  private failure: StorageIOError | undefined;
  private closed = false;

  private constructor(
    private readonly walDir: string,
    private readonly segmentBytes: number,
    private segment: number,
    private handle: FileHandle,
  ) {}

  /** Starts a new, empty segment `first` (never appends to a segment an earlier process wrote). */
  static async create(walDir: string, first: number, segmentBytes: number): Promise<Wal> {
    const handle = await openSegment(walDir, first);
    return new Wal(walDir, segmentBytes, first, handle);
  }

  /** The error that poisoned the log, if any. */
  get error(): StorageIOError | undefined {
    return this.failure;
  }

  /** Bytes queued since open (durable or not): the checkpoint trigger reads it. */
  get loggedBytes(): number {
    return this.loggedSeq;
  }

  stats(): WalStats {
    return { bytesWritten: this.durableSeq, fsyncs: this.fsyncs, segment: this.segment };
  }

  /** Queues framed records; they reach the disk with the next flush. Synchronous by design. */
  log(frames: readonly Buffer[]): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new StorageClosedError('cannot write WAL: it is closed');
    for (const frame of frames) {
      this.queue.push(frame);
      this.loggedSeq += frame.length;
    }
  }

  /** Resolves once every record queued so far is durable; rejects if the log fails first. */
  commit(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.durableSeq >= this.loggedSeq) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ seq: this.loggedSeq, resolve, reject });
      this.kick();
    });
  }

  /**
   * Closes the current segment after every record queued so far and starts the next one.
   * Resolves with the number of the last segment holding those records (for a checkpoint).
   */
  cut(): Promise<number> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closed)
      return Promise.reject(new StorageClosedError('cannot cut WAL segment: the WAL is closed'));
    return new Promise<number>((resolve, reject) => {
      this.queue.push(CUT);
      this.cutWaiters.push({ resolve, reject });
      this.kick();
    });
  }

  /** Writes what is queued, then closes the segment. Later `log` calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length > 0) this.kick();
    while (this.flushing !== undefined) await this.flushing;
    await this.handle.close();
  }

  private kick(): void {
    // The queue is non-empty, so the loop awaits before it ends and the assignment comes first.
    if (this.flushing === undefined && this.queue.length > 0) this.flushing = this.flushLoop();
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const cutAt = this.queue.indexOf(CUT);
        const taken = this.queue.splice(0, cutAt === -1 ? this.queue.length : cutAt) as Buffer[];
        if (taken.length > 0) await this.writeAndSync(taken);
        if (this.queue[0] === CUT) {
          this.queue.shift();
          const last = this.segment;
          await this.rotate();
          this.cutWaiters.shift()?.resolve(last);
        } else if (this.segmentSize >= this.segmentBytes) {
          await this.rotate();
        }
      }
    } catch (err) {
      this.poison(err);
    } finally {
      // Cleared in the same turn as the loop saw an empty queue: a `log` + `commit` arriving in
      // any later turn finds no flush running and starts one, so no record waits forever.
      this.flushing = undefined;
    }
  }

  private async writeAndSync(frames: Buffer[]): Promise<void> {
    const buf = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
    await writeAll(this.handle, buf);
    await this.handle.datasync();
    this.fsyncs++;
    this.segmentSize += buf.length;
    this.durableSeq += buf.length;
    let done = 0;
    while (done < this.waiters.length && this.waiters[done]!.seq <= this.durableSeq) done++;
    for (const w of this.waiters.splice(0, done)) w.resolve();
  }

  private async rotate(): Promise<void> {
    const next = await openSegment(this.walDir, this.segment + 1);
    const old = this.handle;
    this.handle = next;
    this.segment += 1;
    this.segmentSize = 0;
    await old.close();
  }

  private poison(err: unknown): void {
    const path = join(this.walDir, segmentName(this.segment));
    this.failure = new StorageIOError(`cannot write WAL segment ${path}: ${describeError(err)}`, {
      cause: err,
    });
    this.queue = [];
    for (const w of this.waiters.splice(0)) w.reject(this.failure);
    for (const w of this.cutWaiters.splice(0)) w.reject(this.failure);
  }
}

async function openSegment(walDir: string, n: number): Promise<FileHandle> {
  // 'wx': a segment number is never reused, so an existing file means a bug, not a resume.
  const handle = await open(join(walDir, segmentName(n)), 'wx');
  await syncDir(walDir);
  return handle;
}

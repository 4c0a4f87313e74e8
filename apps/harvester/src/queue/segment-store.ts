import { open, readdir, readFile, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '@seahawks/model';
import { syncDir } from './cursor.js';
import { encodeRecord, scanRecords } from './record.js';
import type { ParsedRecord } from './record.js';
import { QueueError } from './types.js';
import type { BatchMeta, Logger } from './types.js';

const SEGMENT_RE = /^(\d{20})\.seg$/;

interface Segment {
  /** Id of the first record the segment was created for; names the file. */
  readonly base: number;
  readonly path: string;
  /** Bytes of valid records (the file's length once repaired). */
  bytes: number;
  /** Id of the last record, or -1 while empty. */
  lastId: number;
}

/** Where a record lives, to read it back. */
export interface RecordLocation {
  readonly segment: number;
  readonly offset: number;
  readonly size: number;
}

export type StoredRecord = ParsedRecord & { readonly segment: number };

/**
 * The segment files of a queue directory: append-only files of records (see record.ts) named
 * by the id of their first record, `00000000000000000042.seg`. Appends go to the last one until
 * it reaches the segment size; whole segments are deleted once every record in them is done.
 */
export class SegmentStore {
  private active: { segment: Segment; fh: FileHandle } | undefined;

  private constructor(
    private readonly dir: string,
    private readonly segments: Segment[],
    private readonly logger: Logger,
  ) {}

  /**
   * Opens the segments of `dir` and returns every intact record, oldest first. A damaged tail
   * (a torn write after a crash, a checksum failure) is cut off with a warning, never refused.
   */
  static async open(
    dir: string,
    logger: Logger,
  ): Promise<{ store: SegmentStore; records: StoredRecord[]; corruptBytes: number }> {
    const names = (await listDir(dir)).filter((n) => SEGMENT_RE.test(n)).sort();
    const segments: Segment[] = [];
    const records: StoredRecord[] = [];
    let corruptBytes = 0;
    let minId = 0;
    for (const name of names) {
      const path = join(dir, name);
      const base = Number(SEGMENT_RE.exec(name)![1]);
      const bytes = await readSegment(path);
      const scan = scanRecords(bytes, Math.max(minId, base));
      let length = bytes.length;
      if (scan.damage !== undefined) {
        const { offset, kind, detail } = scan.damage;
        corruptBytes += bytes.length - offset;
        const discardedBytes = bytes.length - offset;
        logger(
          'warn',
          `cannot read queue segment ${path} past byte ${offset}: ${detail}; truncating ${discardedBytes} bytes`,
          { segment: path, offset, discardedBytes, kind },
        );
        await truncateFile(path, offset);
        length = offset;
      }
      const last = scan.records.at(-1);
      if (last === undefined) {
        await removeFile(path, logger);
        continue;
      }
      for (const r of scan.records) records.push({ ...r, segment: base });
      segments.push({ base, path, bytes: length, lastId: last.id });
      minId = last.id + 1;
    }
    return { store: new SegmentStore(dir, segments, logger), records, corruptBytes };
  }

  /** Id after the last stored record (0 for an empty directory). */
  get nextId(): number {
    return (this.segments.at(-1)?.lastId ?? -1) + 1;
  }

  /** Appends one record and fsyncs it; resolves once it is durable. */
  async append(
    id: number,
    meta: BatchMeta,
    payload: Uint8Array,
    segmentBytes: number,
  ): Promise<RecordLocation> {
    const record = encodeRecord(id, meta, payload);
    const active = await this.activeFor(id, record.length, segmentBytes);
    const { segment, fh } = active;
    const offset = segment.bytes;
    try {
      let written = 0;
      while (written < record.length) {
        const { bytesWritten } = await fh.write(record, written, record.length - written);
        written += bytesWritten;
      }
      await fh.datasync();
    } catch (err) {
      await this.undoPartialWrite(segment, offset);
      throw new QueueError(`cannot append batch ${id} to ${segment.path}: ${describeError(err)}`, {
        cause: err,
      });
    }
    segment.bytes += record.length;
    segment.lastId = id;
    return { segment: segment.base, offset, size: record.length };
  }

  /**
   * Reads records back, exactly as stored (header included). A record whose segment file has
   * vanished (removed by hand) comes back as `undefined`, for the caller to drop: one lost file
   * must not wedge the queue. Any other I/O error throws.
   */
  async read(locations: readonly RecordLocation[]): Promise<(Uint8Array | undefined)[]> {
    const out: (Uint8Array | undefined)[] = [];
    let fh: FileHandle | undefined;
    let openSegment = -1;
    try {
      for (const loc of locations) {
        if (loc.segment !== openSegment) {
          await fh?.close();
          fh = await openIfPresent(this.pathOf(loc.segment));
          openSegment = loc.segment;
        }
        if (fh === undefined) {
          out.push(undefined);
          continue;
        }
        const buf = new Uint8Array(loc.size);
        const { bytesRead } = await fh.read(buf, 0, loc.size, loc.offset);
        out.push(bytesRead === loc.size ? buf : buf.subarray(0, bytesRead));
      }
    } catch (err) {
      throw new QueueError(`cannot read queued batches from ${this.dir}: ${describeError(err)}`, {
        cause: err,
      });
    } finally {
      await fh?.close();
    }
    return out;
  }

  /** Deletes every segment whose records all have ids <= `doneThrough`. */
  async deleteThrough(doneThrough: number): Promise<void> {
    let deleted = 0;
    while (this.segments.length > 0 && this.segments[0]!.lastId <= doneThrough) {
      const segment = this.segments.shift()!;
      if (this.active?.segment === segment) {
        await this.active.fh.close();
        this.active = undefined;
      }
      if (await removeFile(segment.path, this.logger)) deleted++;
    }
    if (deleted > 0) await syncDir(this.dir).catch((err: unknown) => this.warnSync(err));
  }

  async close(): Promise<void> {
    await this.active?.fh.close();
    this.active = undefined;
  }

  private async activeFor(
    id: number,
    size: number,
    segmentBytes: number,
  ): Promise<{ segment: Segment; fh: FileHandle }> {
    const last = this.segments.at(-1);
    const fits = (s: Segment) => s.bytes === 0 || s.bytes + size <= segmentBytes;
    if (this.active !== undefined && this.active.segment === last && fits(last)) return this.active;
    await this.active?.fh.close();
    this.active = undefined;
    let segment: Segment;
    if (last !== undefined && fits(last)) {
      segment = last; // the last segment left by a previous run still has room
    } else {
      segment = { base: id, path: this.pathOf(id), bytes: 0, lastId: -1 };
    }
    try {
      const fh = await open(segment.path, 'a', 0o600);
      if (segment !== last) {
        await syncDir(this.dir); // the new file's directory entry must survive a crash too
        this.segments.push(segment);
      }
      this.active = { segment, fh };
      return this.active;
    } catch (err) {
      throw new QueueError(`cannot open queue segment ${segment.path}: ${describeError(err)}`, {
        cause: err,
      });
    }
  }

  /** After a failed write, cut the segment back so no partial record sits before the next one. */
  private async undoPartialWrite(segment: Segment, length: number): Promise<void> {
    try {
      await this.active?.fh.truncate(length);
    } catch (err) {
      // The next open would cut this tail off anyway; a fresh segment keeps appends clean meanwhile.
      this.logger('warn', `cannot truncate ${segment.path} after a failed write: ${describeError(err)}`, {
        segment: segment.path,
      });
      segment.bytes = Number.POSITIVE_INFINITY;
    }
  }

  private warnSync(err: unknown): void {
    this.logger('warn', `cannot fsync queue directory ${this.dir}: ${describeError(err)}`, { dir: this.dir });
  }

  private pathOf(base: number): string {
    return join(this.dir, `${String(base).padStart(20, '0')}.seg`);
  }
}

async function openIfPresent(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    throw new QueueError(`cannot list queue directory ${dir}: ${describeError(err)}`, { cause: err });
  }
}

async function readSegment(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new QueueError(`cannot read queue segment ${path}: ${describeError(err)}`, { cause: err });
  }
}

async function truncateFile(path: string, length: number): Promise<void> {
  try {
    const fh = await open(path, 'r+');
    try {
      await fh.truncate(length);
      await fh.datasync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new QueueError(`cannot truncate queue segment ${path}: ${describeError(err)}`, { cause: err });
  }
}

/** Removes a file; a failure is logged (the file is retried at the next open), not thrown. */
async function removeFile(path: string, logger: Logger): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true; // already gone: the goal
    logger('warn', `cannot remove queue segment ${path}: ${describeError(err)}`, { path });
    return false;
  }
}

import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatLabels, labelsKey } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import { crc32, crc32Update } from '../crc32.js';
import { InvalidBlockInputError } from './errors.js';
import {
  blockFileName,
  encodeFooter,
  encodeHeader,
  encodeMeta,
  HEADER_BYTES,
  MAX_BLOCK_ID,
} from './format.js';
import { IndexBuilder } from './index-builder.js';
import type { EncodeStats } from './at-rest-run.js';
import type { BlockMeta, WrittenBlock } from './types.js';

/** A chunk in its stored form with its bounds (ms, inclusive) and sample count. */
export interface StoredChunk {
  readonly kind: number;
  readonly bytes: Uint8Array;
  readonly minT: number;
  readonly maxT: number;
  readonly count: number;
}

/** The fields of a block's meta that its writer is given; the rest is counted while writing. */
export interface BlockIdentity {
  readonly id: number;
  readonly requiresCheckpoint: number;
  readonly replaces: readonly number[];
}

/** Bytes of chunks gathered before one blocking write. */
const FLUSH_BYTES = 1 << 20;

/** Temporary path of the block `id` in `dir` while it is written. */
export function tempBlockPath(dir: string, id: number): string {
  return join(dir, `${blockFileName(id)}.tmp`);
}

/**
 * Writes one block file with blocking calls (it runs on a worker thread): series by series
 * into `<id>.block.tmp`, then the index, meta and footer; `finish` syncs it and renames it into
 * place. Checks what it is given (see `InvalidBlockInputError`). After any failure call `abort`,
 * which closes and deletes the temporary file.
 */
export class BlockFileWriter {
  private fd: number | undefined;
  private readonly index = new IndexBuilder();
  private readonly seen = new Set<string>();
  private pending = new Uint8Array(FLUSH_BYTES + 64 * 1024);
  private pendingLength = 0;
  private chunksLength = 0;
  private chunksCrc = 0;
  /** Filled by whoever encodes this block's chunks (`storeRun`). */
  readonly stats: EncodeStats = { fallbacks: 0 };

  constructor(
    readonly dir: string,
    readonly identity: BlockIdentity,
  ) {
    const { id, replaces } = identity;
    if (!isBlockId(id) || !replaces.every(isBlockId) || !(identity.requiresCheckpoint >= 0)) {
      throw new InvalidBlockInputError(
        `cannot write block ${id}: ids must be integers from 0 to ${MAX_BLOCK_ID}`,
      );
    }
    this.fd = openSync(this.tempPath, 'w');
    try {
      this.write(encodeHeader());
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  get tempPath(): string {
    return tempBlockPath(this.dir, this.identity.id);
  }

  get finalPath(): string {
    return join(this.dir, blockFileName(this.identity.id));
  }

  /** Adds a series with its chunks (time order, not overlapping). A series without chunks is left out. */
  addSeries(labels: Labels, chunks: readonly StoredChunk[]): void {
    if (chunks.length === 0) return;
    this.check(labels, chunks);
    this.index.addSeries(labels);
    for (const c of chunks) {
      if (this.pendingLength + 1 + c.bytes.length > this.pending.length) this.flush(1 + c.bytes.length);
      this.pending[this.pendingLength++] = c.kind;
      this.pending.set(c.bytes, this.pendingLength);
      this.pendingLength += c.bytes.length;
      this.index.addChunk(c.minT, c.maxT, c.count, c.bytes.length);
      if (this.pendingLength >= FLUSH_BYTES) this.flush(0);
    }
  }

  private check(labels: Labels, chunks: readonly StoredChunk[]): void {
    for (let i = 1; i < labels.length; i++) {
      if (!(labels[i - 1]!.name < labels[i]!.name)) {
        throw new InvalidBlockInputError(
          `cannot write block series ${shortLabels(labels)}: labels not sorted by unique name`,
        );
      }
    }
    const key = labelsKey(labels);
    if (this.seen.has(key)) {
      throw new InvalidBlockInputError(
        `cannot write block series ${shortLabels(labels)}: label set given twice`,
      );
    }
    this.seen.add(key);
    let prevMax = -Infinity;
    for (const c of chunks) {
      const ok =
        Number.isSafeInteger(c.minT) &&
        Number.isSafeInteger(c.maxT) &&
        c.minT > prevMax &&
        c.minT <= c.maxT &&
        c.count >= 1 &&
        Number.isInteger(c.count) &&
        c.kind >= 0 &&
        c.kind <= 255;
      if (!ok) {
        throw new InvalidBlockInputError(
          `cannot write block series ${shortLabels(labels)}: chunk ${c.minT}..${c.maxT} (${c.count} samples, kind ${c.kind}) is out of order or malformed`,
        );
      }
      prevMax = c.maxT;
    }
  }

  /** Writes what is gathered; grows the buffer when `need` more bytes would not fit. */
  private flush(need: number): void {
    const chunk = this.pending.subarray(0, this.pendingLength);
    this.chunksCrc = crc32Update(this.chunksCrc, chunk);
    this.write(chunk);
    this.chunksLength += this.pendingLength;
    this.pendingLength = 0;
    if (need > this.pending.length) this.pending = new Uint8Array(need);
  }

  private write(buf: Uint8Array): void {
    if (this.fd === undefined) throw new Error('cannot write block: the file is closed');
    let o = 0;
    while (o < buf.length) o += writeSync(this.fd, buf, o, buf.length - o);
  }

  /** Writes the index, meta and footer, syncs, renames into place and syncs the directory. */
  finish(): WrittenBlock {
    this.flush(0);
    const ix = this.index;
    // A block without series is valid (nothing was before the cut); its time bounds read 0.
    const empty = ix.seriesCount === 0;
    const meta: BlockMeta = {
      ...this.identity,
      replaces: [...this.identity.replaces],
      minT: empty ? 0 : ix.minT,
      maxT: empty ? 0 : ix.maxT,
      series: ix.seriesCount,
      samples: ix.samples,
      chunks: ix.chunkCount,
    };
    const indexBytes = ix.encode(meta.maxT);
    const metaBytes = encodeMeta(meta);
    const indexOffset = HEADER_BYTES + this.chunksLength;
    const metaOffset = indexOffset + indexBytes.length;
    const footer = encodeFooter(
      {
        chunksOffset: HEADER_BYTES,
        chunksLength: this.chunksLength,
        indexOffset,
        indexLength: indexBytes.length,
        metaOffset,
        metaLength: metaBytes.length,
        chunksCrc: this.chunksCrc,
        indexCrc: crc32(indexBytes),
        metaCrc: crc32(metaBytes),
      },
      crc32,
    );
    this.write(indexBytes);
    this.write(metaBytes);
    this.write(footer);
    fsyncSync(this.fd!);
    closeSync(this.fd!);
    this.fd = undefined;
    renameSync(this.tempPath, this.finalPath);
    syncDir(dirname(this.finalPath));
    return {
      meta,
      path: this.finalPath,
      bytes: metaOffset + metaBytes.length + footer.length,
      fallbackChunks: this.stats.fallbacks,
    };
  }

  /** Closes and deletes the temporary file (idempotent). */
  abort(): void {
    if (this.fd !== undefined) {
      const fd = this.fd;
      this.fd = undefined;
      closeSync(fd);
    }
    rmSync(this.tempPath, { force: true });
  }
}

/** The label set for a message, cut short (values may be 64 KiB). */
function shortLabels(labels: Labels): string {
  const text = formatLabels(labels);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function isBlockId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id <= MAX_BLOCK_ID;
}

/** Makes a rename in `dir` durable. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

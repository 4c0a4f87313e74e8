import { open, readdir, readFile, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { scanFrames } from './records.js';
import type { FrameScan, RecordType } from './records.js';

const SEGMENT_RE = /^(\d{8})$/;
const CHECKPOINT_RE = /^checkpoint\.(\d{8})$/;

/** WAL segment `n` is the file `<wal>/0000000n` (8 decimal digits, like Prometheus). */
export function segmentName(n: number): string {
  return String(n).padStart(8, '0');
}

/** The checkpoint covering segments `<= n` is `<wal>/checkpoint.0000000n`. */
export function checkpointName(n: number): string {
  return `checkpoint.${segmentName(n)}`;
}

/** The files of a WAL directory, sorted by number. */
export interface WalListing {
  readonly segments: readonly number[];
  readonly checkpoints: readonly number[];
  /** Anything else, e.g. `checkpoint.N.tmp` left by a crash mid-checkpoint. */
  readonly others: readonly string[];
}

export async function listWal(walDir: string): Promise<WalListing> {
  const segments: number[] = [];
  const checkpoints: number[] = [];
  const others: string[] = [];
  for (const name of await readdir(walDir)) {
    const seg = SEGMENT_RE.exec(name);
    const cp = CHECKPOINT_RE.exec(name);
    if (seg !== null) segments.push(Number(seg[1]));
    else if (cp !== null) checkpoints.push(Number(cp[1]));
    else others.push(name);
  }
  const byNumber = (a: number, b: number): number => a - b;
  return { segments: segments.sort(byNumber), checkpoints: checkpoints.sort(byNumber), others };
}

/**
 * Makes a directory's entries durable (a created, renamed or deleted file); without it a
 * crash can forget a file whose data was already synced.
 */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Result of reading a framed file: its size and how much of it parsed. */
export interface FramedFile extends FrameScan {
  readonly size: number;
}

/** Reads a whole WAL segment or checkpoint and calls `onRecord` for each whole record. */
export async function readFramedFile(
  path: string,
  onRecord: (type: RecordType, payload: Buffer) => void,
): Promise<FramedFile> {
  const buf = await readFile(path);
  return { ...scanFrames(buf, onRecord), size: buf.length };
}

/** Cuts a file to `length` bytes and syncs it, so the cut survives a crash too. */
export async function truncateDurably(path: string, length: number): Promise<void> {
  await truncate(path, length);
  const handle = await open(path, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Writes all of `buf` at the handle's current position (a write may be partial). */
export async function writeAll(handle: FileHandle, buf: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buf.length) {
    const { bytesWritten } = await handle.write(buf, offset, buf.length - offset, null);
    offset += bytesWritten;
  }
}

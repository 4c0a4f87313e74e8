import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '@seahawks/model';
import { QueueError } from './types.js';
import type { Logger } from './types.js';

const CURSOR_FILE = 'cursor.json';
const CURSOR_VERSION = 1;

/**
 * Which batches are done (acknowledged or dropped): every id up to `doneThrough` inclusive,
 * plus the few ids above it in `doneAbove` (acknowledged out of order).
 */
export interface Cursor {
  readonly doneThrough: number;
  readonly doneAbove: readonly number[];
}

export const EMPTY_CURSOR: Cursor = { doneThrough: -1, doneAbove: [] };

/**
 * Reads the cursor. A missing file is a fresh queue. An unreadable one (it is only ever
 * replaced atomically, so this means outside damage) is logged and treated as empty: the
 * queue then resends batches the nester may already have, which is a duplicate, never a loss.
 */
export async function readCursor(dir: string, logger: Logger): Promise<Cursor> {
  const path = join(dir, CURSOR_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_CURSOR;
    throw new QueueError(`cannot read queue cursor ${path}: ${describeError(err)}`, { cause: err });
  }
  const cursor = parseCursor(text);
  if (cursor === undefined) {
    logger('warn', `cannot parse queue cursor ${path}: ignoring it, acknowledged batches may be resent`, {
      path,
    });
    return EMPTY_CURSOR;
  }
  return cursor;
}

function parseCursor(text: string): Cursor | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { version, doneThrough, doneAbove } = value as Record<string, unknown>;
  if (version !== CURSOR_VERSION || !Number.isSafeInteger(doneThrough) || !Array.isArray(doneAbove)) {
    return undefined;
  }
  if (!doneAbove.every((id) => Number.isSafeInteger(id))) return undefined;
  return { doneThrough: doneThrough as number, doneAbove: doneAbove as number[] };
}

/**
 * Replaces the cursor atomically and durably: write a temporary file, fsync it, rename it over
 * the old one, fsync the directory. A crash leaves the old cursor or the new one, never a mix.
 */
export async function writeCursor(dir: string, cursor: Cursor): Promise<void> {
  const path = join(dir, CURSOR_FILE);
  const tmp = `${path}.tmp`;
  const text = `${JSON.stringify({ version: CURSOR_VERSION, ...cursor })}\n`;
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    await syncDir(dir);
  } catch (err) {
    throw new QueueError(`cannot write queue cursor ${path}: ${describeError(err)}`, { cause: err });
  }
}

/** Makes a directory's entries (created, renamed, removed files) durable. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, SeahawksError } from '@seahawks/model';
import { StorageIOError } from '../../storage/errors.js';
import { lockDir } from './dir-lock.js';
import { EmbeddedStorage } from './embedded-storage.js';
import { Head } from './head.js';
import { resolveOptions } from './options.js';
import type { EmbeddedOptions } from './options.js';
import { replayInto } from './replay.js';
import { syncDir } from './wal-files.js';
import { Wal } from './wal.js';

/** Content of `<dir>/FORMAT`; a directory written in another format is refused, not misread. */
const FORMAT_MARKER = 'seahawks-embedded-v1\n';

async function checkFormat(dir: string): Promise<void> {
  const path = join(dir, 'FORMAT');
  let found: string | undefined;
  try {
    found = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (found === FORMAT_MARKER) return;
  if (found !== undefined) {
    throw new StorageIOError(
      `cannot open embedded storage ${dir}: ${path} says ${JSON.stringify(found.trim())}`,
    );
  }
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(FORMAT_MARKER);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  await syncDir(dir);
}

/**
 * Opens (creating if needed) the embedded store in `options.dir`: replays the newest checkpoint
 * and the WAL after it, cutting off a torn tail with a warning (`walCorruptionsRepaired` in
 * stats) instead of refusing to start, applies retention, then starts a fresh WAL segment.
 *
 * Layout: `<dir>/FORMAT`, `<dir>/lock`, `<dir>/wal/NNNNNNNN` segments and
 * `<dir>/wal/checkpoint.NNNNNNNN` (docs/format/embedded-v1.md).
 *
 * @throws InvalidInputError when an option is out of bounds.
 * @throws StorageIOError when the directory cannot be created, read or locked.
 */
export async function openEmbeddedStorage(options: EmbeddedOptions): Promise<EmbeddedStorage> {
  const opts = resolveOptions(options);
  const walDir = join(opts.dir, 'wal');
  try {
    await mkdir(walDir, { recursive: true });
    await checkFormat(opts.dir);
  } catch (err) {
    if (err instanceof SeahawksError) throw err;
    throw new StorageIOError(`cannot create embedded storage ${opts.dir}: ${describeError(err)}`, {
      cause: err,
    });
  }
  const lock = await lockDir(opts.dir);
  try {
    const started = performance.now();
    const head = new Head();
    const replay = await replayInto(head, walDir, opts.logger);
    const wal = await Wal.create(walDir, replay.lastSegment + 1, opts.walSegmentBytes);
    const storage = new EmbeddedStorage(opts, walDir, head, wal, lock, replay);
    storage.applyRetention();
    storage.start();
    const ms = Math.round(performance.now() - started);
    opts.logger.info(
      `opened embedded storage ${opts.dir}: ${head.seriesCount} series, ${head.sampleCount} samples, ` +
        `replayed ${replay.checkpointBytes} checkpoint and ${replay.walBytes} WAL bytes in ${ms} ms`,
    );
    return storage;
  } catch (err) {
    await lock.release();
    if (err instanceof SeahawksError) throw err;
    throw new StorageIOError(`cannot open embedded storage ${opts.dir}: ${describeError(err)}`, {
      cause: err,
    });
  }
}

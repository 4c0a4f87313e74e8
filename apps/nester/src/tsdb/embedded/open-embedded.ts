import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, SeahawksError } from '@seahawks/model';
import { StorageIOError } from '../../storage/errors.js';
import { BlockSet } from './block-set.js';
import { lockDir } from './dir-lock.js';
import { EmbeddedStorage } from './embedded-storage.js';
import { Head } from './head.js';
import { resolveOptions } from './options.js';
import type { EmbeddedOptions } from './options.js';
import { replayInto } from './replay.js';
import { listWal, syncDir } from './wal-files.js';
import { Wal } from './wal.js';

/** Content of `<dir>/FORMAT`; a directory written in another format is refused, not misread. */
const FORMAT_MARKER = 'seahawks-embedded-v4\n';
/**
 * Formats 3 and 2: the same WAL and checkpoints, no blocks (v2: checkpoints without dense
 * chunks). Read as they are; the marker moves to v4 before any block is written, so an older
 * nester, which would not see the blocks, refuses the directory after.
 */
const FORMAT_MARKERS_READ = ['seahawks-embedded-v3\n', 'seahawks-embedded-v2\n'];
/** Format 1: same WAL, checkpoints of raw samples. Read, then migrated. */
const FORMAT_MARKER_V1 = 'seahawks-embedded-v1\n';

/**
 * Whether the directory is in format v1 (to migrate) or current; writes the current marker in a
 * new directory and over a v2 one.
 */
async function checkFormat(dir: string): Promise<'v1' | 'current'> {
  const path = join(dir, 'FORMAT');
  let found: string | undefined;
  try {
    found = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (found === FORMAT_MARKER) return 'current';
  if (found === FORMAT_MARKER_V1) return 'v1';
  if (found !== undefined && FORMAT_MARKERS_READ.includes(found)) {
    await writeFormat(dir);
    return 'current';
  }
  if (found !== undefined) {
    throw new StorageIOError(
      `cannot open embedded storage ${dir}: ${path} says ${JSON.stringify(found.trim())}`,
    );
  }
  await writeFormat(dir);
  return 'current';
}

async function writeFormat(dir: string): Promise<void> {
  const path = join(dir, 'FORMAT');
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
 * Opens (creating if needed) the embedded store in `options.dir`: loads the time blocks
 * (deleting those no checkpoint covers yet, setting aside unreadable ones), replays the newest
 * checkpoint and the WAL after it, cutting off a torn tail with a warning
 * (`walCorruptionsRepaired` in stats) instead of refusing to start, applies retention, then
 * starts a fresh WAL segment.
 *
 * Layout: `<dir>/FORMAT`, `<dir>/lock`, `<dir>/blocks/NNNNNNNN.block`, `<dir>/wal/NNNNNNNN`
 * segments and `<dir>/wal/checkpoint.NNNNNNNN` (docs/format/embedded-v4.md). A v1 directory is
 * read and migrated: a current checkpoint is written, then the marker is rewritten; v2 and v3
 * directories are read as they are (their marker is rewritten first).
 *
 * @throws InvalidInputError when an option is out of bounds.
 * @throws StorageIOError when the directory cannot be created, read or locked.
 */
export async function openEmbeddedStorage(options: EmbeddedOptions): Promise<EmbeddedStorage> {
  const opts = resolveOptions(options);
  const walDir = join(opts.dir, 'wal');
  const blocksDir = join(opts.dir, 'blocks');
  let format: 'v1' | 'current';
  try {
    await mkdir(walDir, { recursive: true });
    await mkdir(blocksDir, { recursive: true });
    format = await checkFormat(opts.dir);
  } catch (err) {
    if (err instanceof SeahawksError) throw err;
    throw new StorageIOError(`cannot create embedded storage ${opts.dir}: ${describeError(err)}`, {
      cause: err,
    });
  }
  const lock = await lockDir(opts.dir);
  let blocks: BlockSet | undefined;
  try {
    const started = performance.now();
    const head = new Head();
    // Taken before replay, which deletes older checkpoints: blocks are checked against the newest.
    const newestCheckpoint = (await listWal(walDir)).checkpoints.at(-1) ?? -1;
    const loaded = await BlockSet.load(blocksDir, newestCheckpoint, opts.logger);
    blocks = loaded.set;
    if (loaded.discarded > 0) {
      opts.logger.info(
        `deleted ${loaded.discarded} block(s) not yet covered by a checkpoint; the WAL holds their data`,
      );
    }
    const replay = await replayInto(head, walDir, opts.logger);
    const wal = await Wal.create(walDir, replay.lastSegment + 1, opts.walSegmentBytes);
    const storage = new EmbeddedStorage(opts, walDir, head, wal, lock, replay, loaded.set, loaded.corrupt);
    await storage.applyRetention();
    if (format === 'v1') {
      // The v1 checkpoint was just read; a current one replaces it before the marker changes,
      // so a crash in between leaves a directory that opens (and migrates) again.
      try {
        await storage.checkpoint();
        await writeFormat(opts.dir);
      } catch (err) {
        await wal.close();
        throw err;
      }
      opts.logger.info(`migrated embedded storage ${opts.dir} to format v4 (compressed chunks, time blocks)`);
    }
    storage.start();
    const ms = Math.round(performance.now() - started);
    opts.logger.info(
      `opened embedded storage ${opts.dir}: ${loaded.set.all.length} blocks, head of ${head.seriesCount} series, ${head.sampleCount} samples, ` +
        `replayed ${replay.checkpointBytes} checkpoint and ${replay.walBytes} WAL bytes in ${ms} ms`,
    );
    return storage;
  } catch (err) {
    blocks?.close();
    await lock.release();
    if (err instanceof SeahawksError) throw err;
    throw new StorageIOError(`cannot open embedded storage ${opts.dir}: ${describeError(err)}`, {
      cause: err,
    });
  }
}

import { join } from 'node:path';
import { InvalidBlockInputError } from './errors.js';
import { blockFileName } from './format.js';
import { tempBlockPath } from './file-writer.js';
import { BlockWorkerClient } from './block-worker-client.js';
import type { BlockReader, WrittenBlock } from './types.js';
import { cleanUp } from './write.js';

export interface MergeOptions {
  /** `meta.requiresCheckpoint` of the result; defaults to the highest of the sources'. */
  readonly requiresCheckpoint?: number;
  /** Per source (same order), deleted ranges by series ref to leave out (its tombstones). */
  readonly deleted?: ReadonlyArray<ReadonlyMap<number, readonly number[]> | undefined>;
}

/**
 * Writes block `id` into `dir` holding the union of `sources` (open readers, or paths of block
 * files), on a worker thread, with `meta.replaces` = the sources' ids. Series are matched by
 * label set. A series' chunks from different sources are copied as stored when they do not
 * overlap in time; overlapping ones are decoded and merged (a timestamp held by several
 * sources keeps the value of the first source holding it) and encoded again (`encodeRun`, then
 * the smallest stored form). Samples in `opts.deleted` are left out, so a block merged alone
 * is its tombstones applied. The sources are left as they are: deleting them is the caller's.
 * Rejects with `CorruptBlockError` when a source does not read, `StorageIOError` on I/O; the
 * temporary file is then gone.
 */
export async function mergeBlocks(
  dir: string,
  id: number,
  sources: readonly (BlockReader | string)[],
  opts: MergeOptions = {},
): Promise<WrittenBlock> {
  if (sources.length === 0)
    throw new InvalidBlockInputError(`cannot merge into block ${id}: no source blocks`);
  const paths = sources.map((s) => (typeof s === 'string' ? s : s.path));
  if (paths.includes(join(dir, blockFileName(id)))) {
    throw new InvalidBlockInputError(`cannot merge into block ${id}: it is one of the sources`);
  }
  const client = new BlockWorkerClient(`merge into block ${id}`);
  try {
    const written = await client.request({
      type: 'merge',
      merge: { dir, id, requiresCheckpoint: opts.requiresCheckpoint, sources: paths, deleted: opts.deleted },
    });
    if (written === undefined)
      throw new InvalidBlockInputError(`cannot merge into block ${id}: the worker returned no block`);
    return written;
  } catch (err) {
    throw await cleanUp(client, tempBlockPath(dir, id), err);
  } finally {
    await client.close();
  }
}

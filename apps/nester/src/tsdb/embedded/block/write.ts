import { rmSync } from 'node:fs';
import { StorageIOError } from '../../../storage/errors.js';
import { BlockWorkerClient } from './block-worker-client.js';
import { tempBlockPath } from './file-writer.js';
import { packedTransfer, packGroup } from './packed-group.js';
import type { BlockSeriesInput, WrittenBlock } from './types.js';

/** Which block to write: its id and the meta fields its data does not give. */
export interface BlockTarget {
  readonly id: number;
  /** See `BlockMeta.requiresCheckpoint`. */
  readonly requiresCheckpoint: number;
  readonly replaces?: readonly number[];
}

/** Series to write, in groups of up to ~1000, any order; each label set at most once in all. */
export type BlockGroups = AsyncIterable<readonly BlockSeriesInput[]> | Iterable<readonly BlockSeriesInput[]>;

/** Groups sent to the worker and not yet written: bounds the memory of copies in flight. */
const MAX_IN_FLIGHT = 2;

/**
 * Writes block `target.id` into `dir` (`<id 8 digits>.block`) on a worker thread and returns
 * its meta (counts filled in), path and size. With no series at all the block is still
 * written (meta.series 0, minT = maxT = 0). The main thread only copies each group's chunk
 * bytes into a transferred buffer, and yields to the event loop between groups; the worker
 * stores each chunk in its smallest form (`encodeAtRest`), writes `<id>.block.tmp` as it goes,
 * then the index, meta and footer, syncs, renames it into place and syncs `dir`.
 *
 * Any failure deletes the temporary file and rejects: `InvalidBlockInputError` for what the
 * caller got wrong (chunks out of order, a label set twice, undecodable
 * chunk bytes), `StorageIOError` for the disk or the worker.
 */
export async function writeBlock(
  dir: string,
  target: BlockTarget,
  groups: BlockGroups,
): Promise<WrittenBlock> {
  const identity = {
    id: target.id,
    requiresCheckpoint: target.requiresCheckpoint,
    replaces: target.replaces ?? [],
  };
  const client = new BlockWorkerClient(`write block ${target.id}`);
  try {
    await client.request({ type: 'open', dir, identity });
    await sendGroups(client, groups);
    const written = await client.request({ type: 'finish' });
    if (written === undefined)
      throw new StorageIOError(`cannot write block ${target.id}: the worker returned no block`);
    return written;
  } catch (err) {
    throw await cleanUp(client, tempBlockPath(dir, target.id), err);
  } finally {
    await client.close();
  }
}

async function sendGroups(client: BlockWorkerClient, groups: BlockGroups): Promise<void> {
  const inFlight: Promise<void>[] = [];
  let failure: unknown;
  let failed = false;
  const settle = (p: Promise<unknown>): Promise<void> =>
    p.then(
      () => undefined,
      (err: unknown) => {
        if (!failed) failure = err;
        failed = true;
      },
    );
  // An Iterable works in `for await` too; the cast only tells the compiler which element type.
  for await (const group of groups as AsyncIterable<readonly BlockSeriesInput[]>) {
    if (group.length === 0) continue;
    const packed = packGroup(group);
    inFlight.push(settle(client.request({ type: 'group', group: packed }, packedTransfer(packed))));
    if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
    else await new Promise((resolve) => setImmediate(resolve));
    if (failed) break;
  }
  await Promise.all(inFlight);
  if (failed) throw failure;
}

/**
 * After a failed write: has the worker close and delete the temporary file, deletes it from
 * here too (the worker may be gone), and returns the error to throw.
 */
export async function cleanUp(client: BlockWorkerClient, tmp: string, err: unknown): Promise<unknown> {
  try {
    if (client.alive) await client.request({ type: 'abort' });
    rmSync(tmp, { force: true });
    return err;
  } catch (cleanupErr) {
    const message = `${err instanceof Error ? err.message : String(err)}; removing ${tmp} also failed: ${cleanupErr instanceof Error ? cleanupErr.message : String(cleanupErr)}`;
    return new StorageIOError(message, { cause: err });
  }
}

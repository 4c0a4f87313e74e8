import { unlink } from 'node:fs/promises';
import { CHUNK_RANGE_MS } from './chunk-policy.js';
import type { BlockSet } from './block-set.js';
import { blockFileName } from './block/format.js';
import { writeBlock } from './block/write.js';
import type { EmbeddedLogger } from './options.js';
import type { EncodedChunk } from './chunk-policy.js';
import type { BlockSeriesInput } from './block/types.js';
import type { Head, MemSeries } from './head.js';

/** Series handed to the block writer at once: bounds the main thread's share between yields. */
const SERIES_PER_GROUP = 1000;

/** Bounds of a chunk a block took, to check that the head still holds exactly it. */
export type ChunkBounds = Pick<EncodedChunk, 'minT' | 'maxT' | 'count'>;

/**
 * Where the head is cut into a block: the last multiple of the block range at least half a range
 * behind the newest sample. The head thus keeps between half a range and a range and a half of
 * recent samples (1–3 h), as Prometheus' head does, so late samples of the last hour still land
 * in the head and a block is written once per range.
 */
export function compactionCut(headMaxT: number): number {
  if (!Number.isFinite(headMaxT)) return -Infinity;
  return Math.floor((headMaxT - CHUNK_RANGE_MS / 2) / CHUNK_RANGE_MS) * CHUNK_RANGE_MS;
}

/**
 * The groups of series a block is written from: every series' samples before `cut`, as sealed
 * chunks (open chunks of quiet series are sealed, late samples merged first). Records in `taken`
 * what each series gave, for `dropTaken`. Yields to the event loop between groups.
 */
export async function* compactionGroups(
  head: Head,
  cut: number,
  taken: Map<MemSeries, ChunkBounds[]>,
): AsyncGenerator<BlockSeriesInput[]> {
  // Series created from here on hold only new samples, which stay in the head.
  const all = [...head.all()];
  for (let i = 0; i < all.length; i += SERIES_PER_GROUP) {
    const group: BlockSeriesInput[] = [];
    for (let k = i; k < Math.min(all.length, i + SERIES_PER_GROUP); k++) {
      const series = all[k]!;
      series.samples.prepareCompaction(cut);
      const chunks = series.samples.sealedBefore(cut);
      if (chunks.length === 0) continue;
      taken.set(
        series,
        chunks.map(({ minT, maxT, count }) => ({ minT, maxT, count })),
      );
      group.push({ labels: series.labels, chunks });
    }
    if (group.length > 0) yield group;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Once the block is durable and queried: drops from the head what each series gave it (unless
 * a late merge changed it meanwhile), then forgets series left empty. Yields between groups.
 * Returns the samples and series dropped.
 */
export async function dropTaken(
  head: Head,
  cut: number,
  taken: Map<MemSeries, ChunkBounds[]>,
): Promise<{ samples: number; series: number }> {
  let samples = 0;
  let series = 0;
  let group: MemSeries[] = [];
  for (const [s, bounds] of taken) {
    samples += head.dropCompacted(s, cut, bounds);
    group.push(s);
    if (group.length >= SERIES_PER_GROUP) {
      series += head.forgetEmpty(group);
      group = [];
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  series += head.forgetEmpty(group);
  return { samples, series };
}

/**
 * Cuts the head's samples before `cut` into block `id`: the groups are copied out of the head
 * and written by a worker thread; once the block file is durable it is queried, and what it
 * holds is dropped from the head. `requiresCheckpoint` is the WAL segment being written now
 * (see `BlockMeta`): the caller writes a checkpoint next. A block that would hold nothing is
 * deleted. Throws what the writer throws; the head then still holds everything.
 */
export async function cutBlock(
  head: Head,
  blocks: BlockSet,
  cut: number,
  id: number,
  requiresCheckpoint: number,
  logger: EmbeddedLogger,
): Promise<void> {
  const taken = new Map<MemSeries, ChunkBounds[]>();
  const written = await writeBlock(
    blocks.dir,
    { id, requiresCheckpoint, replaces: [] },
    compactionGroups(head, cut, taken),
  );
  if (written.fallbackChunks > 0) {
    logger.warn(
      `block ${blockFileName(id)}: ${written.fallbackChunks} chunks did not read back in their denser encoding and were stored as XOR`,
    );
  }
  if (written.meta.series === 0) {
    await unlink(written.path);
    return;
  }
  const block = blocks.open(written.path);
  blocks.add(block);
  head.storedElsewhereUpTo = Math.max(head.storedElsewhereUpTo, block.meta.maxT);
  const dropped = await dropTaken(head, cut, taken);
  logger.info(
    `cut block ${blockFileName(id)}: ${written.meta.series} series, ${written.meta.samples} samples ` +
      `before ${new Date(Math.min(cut, 8.64e15)).toISOString()} in ${written.bytes} bytes; ` +
      `${dropped.samples} samples left the head`,
  );
}

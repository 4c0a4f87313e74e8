import type { CompiledMatcher, Matcher } from '@seahawks/model';
import type { DeleteResult, TimeRange } from '../../storage/storage.js';
import type { BlockSet } from './block-set.js';
import type { Head, MemSeries } from './head.js';
import { BlockPart } from './querier.js';
import type { HeadQuerier } from './querier.js';
import { encodeTombstoneRecord } from './tombstone-record.js';
import type { Wal } from './wal.js';

/** What a deletion touches. */
export interface DeletionTarget {
  readonly head: Head;
  readonly wal: Wal;
  readonly blocks: BlockSet;
  readonly querier: HeadQuerier;
}

const EVER: TimeRange = { minT: -Infinity, maxT: Infinity };

/**
 * Deletes the samples of the series matching `compiled` (`matchers` compiled) in `range`. In the
 * head they go at once and a tombstones record in the WAL makes that durable (replay deletes what
 * was logged before it); in blocks, which never change, the deleted ranges are written beside
 * the block and reads leave them out. The caller runs it between checkpoints, never during one.
 * Counts the series left without any sample by asking the querier before and after.
 */
export async function deleteSamples(
  store: DeletionTarget,
  matchers: readonly Matcher[],
  compiled: readonly CompiledMatcher[],
  range: TimeRange,
): Promise<DeleteResult> {
  const { head, wal, blocks, querier } = store;
  const failure = wal.error;
  if (failure !== undefined) throw failure;
  const before = (await querier.series(matchers, EVER)).length;
  let samples = 0;
  const ids: number[] = [];
  const touched: MemSeries[] = [];
  for (const series of head.select(compiled)) {
    const n = head.deleteRange(series, range.minT, range.maxT);
    if (n === 0) continue;
    samples += n;
    ids.push(series.id);
    touched.push(series);
  }
  if (ids.length > 0) wal.log([encodeTombstoneRecord({ minT: range.minT, maxT: range.maxT, ids })]);
  await wal.commit();
  for (const block of blocks.overlapping(range.minT, range.maxT)) {
    const entries: [number, number, number][] = [];
    for (const ref of block.select(compiled)) {
      const part = new BlockPart(block, ref, blocks.deletedRanges(block, ref));
      const n = part.range(range.minT, range.maxT).length;
      if (n === 0) continue;
      samples += n;
      entries.push([ref, range.minT, range.maxT]);
    }
    await blocks.addDeletions(block, entries);
  }
  head.forgetEmpty(touched);
  const after = (await querier.series(matchers, EVER)).length;
  return { samples, series: before - after };
}

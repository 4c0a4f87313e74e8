import { labelsKey } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import type { BlockFile } from './block-file.js';
import { CorruptBlockError } from './errors.js';
import type { WrittenBlock } from './types.js';
import { BlockFileWriter } from './file-writer.js';
import { mergeSeriesChunks, SourceChunkError } from './merge-series.js';
import type { SourceChunk } from './merge-series.js';
import type { EncodeStats } from './at-rest-run.js';
import type { StoredChunk } from './file-writer.js';
import { openBlock } from './reader.js';

/** What a merge is asked to write. */
export interface MergeRequest {
  readonly dir: string;
  readonly id: number;
  /** Defaults to the highest of the sources' (the merged data depends on what they depended on). */
  readonly requiresCheckpoint: number | undefined;
  readonly sources: readonly string[];
  /** Per source (same order), its series' deleted ranges by ref (`[minT, maxT, …]`): left out. */
  readonly deleted?: ReadonlyArray<ReadonlyMap<number, readonly number[]> | undefined>;
}

/**
 * Writes block `id` in `dir` holding the union of the source blocks (files), with blocking
 * calls (it runs on a worker thread). Series are matched by label set and written in order of
 * first appearance; see `mergeSeriesChunks` for how chunks combine and deleted samples go.
 * `meta.replaces` lists the sources' ids.
 */
export function mergeToFile(req: MergeRequest): WrittenBlock {
  const readers: BlockFile[] = [];
  try {
    for (const path of req.sources) readers.push(openBlock(path));
    const writer = new BlockFileWriter(req.dir, {
      id: req.id,
      requiresCheckpoint:
        req.requiresCheckpoint ?? Math.max(0, ...readers.map((r) => r.meta.requiresCheckpoint)),
      replaces: readers.map((r) => r.meta.id),
    });
    try {
      for (const [labels, parts] of unionOfSeries(readers)) {
        const chunks: SourceChunk[] = [];
        for (let k = 0; k < parts.length; k += 2) {
          const source = parts[k]!;
          const ref = parts[k + 1]!;
          const deleted = req.deleted?.[source]?.get(ref);
          for (const c of readers[source]!.storedChunks(ref)) chunks.push({ ...c, source, deleted });
        }
        writer.addSeries(labels, mergeChunks(req.sources, chunks, writer.stats));
      }
      return writer.finish();
    } catch (err) {
      writer.abort();
      throw err;
    }
  } finally {
    for (const r of readers) r.close();
  }
}

/** Label set -> (source, ref) pairs, flat, in order of first appearance. */
function unionOfSeries(readers: readonly BlockFile[]): Map<Labels, number[]> {
  const byKey = new Map<string, number[]>();
  const out = new Map<Labels, number[]>();
  readers.forEach((r, source) => {
    for (let ref = 0; ref < r.seriesCount; ref++) {
      const labels = r.labels(ref);
      const key = labelsKey(labels);
      let parts = byKey.get(key);
      if (parts === undefined) {
        byKey.set(key, (parts = []));
        out.set(labels, parts);
      }
      parts.push(source, ref);
    }
  });
  return out;
}

function mergeChunks(
  sources: readonly string[],
  chunks: readonly SourceChunk[],
  stats: EncodeStats,
): StoredChunk[] {
  try {
    return mergeSeriesChunks(chunks, stats);
  } catch (err) {
    if (err instanceof SourceChunkError) {
      throw new CorruptBlockError(sources[err.source]!, err.message, { cause: err });
    }
    throw err;
  }
}

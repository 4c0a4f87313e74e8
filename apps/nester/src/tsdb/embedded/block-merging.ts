import { CHUNK_RANGE_MS } from './chunk-policy.js';
import type { BlockReader } from './block/types.js';

const DAY = 86_400_000;

/**
 * The time span blocks are merged up to: a tenth of the retention period (as Prometheus bounds
 * its largest blocks), in whole 2 h ranges, at most a day. Retention drops a block only when it
 * is wholly too old, so a block longer than a tenth of the period would keep too much past it.
 * At most 2 h means no merging.
 */
export function mergeSpanMs(retentionMs: number): number {
  return Math.min(DAY, Math.floor(retentionMs / 10 / CHUNK_RANGE_MS) * CHUNK_RANGE_MS);
}

/**
 * Blocks to merge next: those lying wholly inside one window of `span` (aligned on multiples of
 * it), once the head was cut past the window's end (no new 2 h block will fall into it), when
 * the window holds at least two. Blocks crossing a window's edge (late samples cut with a newer
 * range) stay as they are. Oldest window first; undefined when nothing is to merge.
 */
export function planMerge(
  blocks: readonly BlockReader[],
  span: number,
  cutUpTo: number,
): BlockReader[] | undefined {
  if (span <= CHUNK_RANGE_MS) return undefined;
  const byWindow = new Map<number, BlockReader[]>();
  for (const b of blocks) {
    const start = Math.floor(b.meta.minT / span) * span;
    if (b.meta.maxT >= start + span || start + span > cutUpTo) continue;
    const list = byWindow.get(start);
    if (list === undefined) byWindow.set(start, [b]);
    else list.push(b);
  }
  const windows = [...byWindow.keys()].sort((a, b) => a - b);
  for (const w of windows) {
    const list = byWindow.get(w)!;
    if (list.length >= 2) return list;
  }
  return undefined;
}

import type { BatchMeta, DiskQueueOptions } from './types.js';

interface Evictable {
  readonly id: number;
  readonly size: number;
  readonly meta: BatchMeta;
}

/**
 * Chooses what the bounds force out of `pending` (oldest first): every batch whose newest
 * sample is older than `oldestT` (ms), then, from the oldest on, as many as needed for the rest
 * to fit in `budget` bytes. A pure function, so the policy is tested without a disk.
 */
export function pickEvictions<T extends Evictable>(
  pending: readonly T[],
  oldestT: number,
  budget: number,
): { tooOld: T[]; tooMany: T[] } {
  const tooOld: T[] = [];
  const kept: T[] = [];
  let keptBytes = 0;
  for (const e of pending) {
    if (e.meta.maxT < oldestT) tooOld.push(e);
    else {
      kept.push(e);
      keptBytes += e.size;
    }
  }
  const tooMany: T[] = [];
  for (let i = 0; i < kept.length && keptBytes > budget; i++) {
    tooMany.push(kept[i]!);
    keptBytes -= kept[i]!.size;
  }
  return { tooOld, tooMany };
}

/** The warning logged when batches are dropped: what, how much, which time range, and why. */
export function evictionMessage(
  reason: 'age' | 'size',
  victims: readonly Evictable[],
  bytes: number,
  options: Pick<DiskQueueOptions, 'maxBytes' | 'maxAgeMs'>,
): string {
  let from = Infinity;
  let to = -Infinity;
  for (const v of victims) {
    from = Math.min(from, v.meta.minT);
    to = Math.max(to, v.meta.maxT);
  }
  const range = `${new Date(from).toISOString()} to ${new Date(to).toISOString()}`;
  const why =
    reason === 'age'
      ? `their samples are older than the queue's age bound of ${options.maxAgeMs} ms`
      : `the queue's size bound of ${options.maxBytes} bytes was reached`;
  return `dropped ${victims.length} unsent batches (${bytes} bytes, samples from ${range}): ${why}`;
}

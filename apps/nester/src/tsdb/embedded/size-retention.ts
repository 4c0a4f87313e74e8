import { CHUNK_RANGE_MS } from './chunk-policy.js';
import type { Head } from './head.js';

/** What size retention did: samples and series dropped, and the new floor (ms) if it moved. */
export interface SizeRetention {
  readonly samples: number;
  readonly series: number;
  readonly cutoff: number | undefined;
}

/** Bytes a sample takes on disk before the first checkpoint tells (a little above what they take). */
export const DEFAULT_BYTES_PER_SAMPLE = 3;

/**
 * Retention by size: while the head's estimated size on disk (`samples × bytesPerSample`) is
 * over `limitBytes`, drops the oldest whole 2 h block of time (chunks never span a block
 * boundary, so a block goes whole), never the block holding the newest sample.
 */
export function dropForSize(head: Head, limitBytes: number, bytesPerSample: number): SizeRetention {
  let samples = 0;
  let series = 0;
  let cutoff: number | undefined;
  if (limitBytes <= 0 || head.sampleCount * bytesPerSample <= limitBytes) return { samples, series, cutoff };
  let oldest = Infinity;
  for (const s of head.all()) if (s.samples.length > 0) oldest = Math.min(oldest, s.samples.minT);
  const newestBlock = Math.floor(head.maxT / CHUNK_RANGE_MS) * CHUNK_RANGE_MS;
  let next = Math.floor(oldest / CHUNK_RANGE_MS) * CHUNK_RANGE_MS + CHUNK_RANGE_MS;
  while (head.sampleCount * bytesPerSample > limitBytes && next <= newestBlock) {
    const dropped = head.dropBefore(next);
    samples += dropped.samples;
    series += dropped.series;
    cutoff = next;
    next += CHUNK_RANGE_MS;
  }
  return { samples, series, cutoff };
}

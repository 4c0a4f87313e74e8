import type { Labels, Sample } from '@seahawks/model';

/** One series as one source holds it: the head's samples or a block's. */
export interface SeriesPart {
  hasSampleIn(minT: number, maxT: number): boolean;
  range(minT: number, maxT: number): Sample[];
}

/** A series found in one or more sources (blocks oldest first, then the head). */
export interface MergedSeries {
  readonly labels: Labels;
  readonly hash: number;
  readonly parts: SeriesPart[];
}

export function hasSampleIn(series: MergedSeries, minT: number, maxT: number): boolean {
  for (const p of series.parts) if (p.hasSampleIn(minT, maxT)) return true;
  return false;
}

/**
 * The samples of a series in `[minT, maxT]` over all its parts, in time order, each timestamp
 * once. Parts usually follow each other in time (a block, the next block, the head) and are
 * concatenated; parts that overlap (late samples compacted into a later block) are merged, and
 * at a timestamp held twice the earlier part's sample is kept (the engine never stores two
 * different values at one timestamp knowingly; this only settles the rare race).
 */
export function mergedRange(series: MergedSeries, minT: number, maxT: number): Sample[] {
  const parts = series.parts;
  if (parts.length === 1) return parts[0]!.range(minT, maxT);
  let out: Sample[] = [];
  for (const p of parts) {
    const next = p.range(minT, maxT);
    if (next.length === 0) continue;
    if (out.length === 0) out = next;
    else if (out[out.length - 1]!.t < next[0]!.t) out = out.concat(next);
    else out = mergeKeepFirst(out, next);
  }
  return out;
}

/** Merges two sorted lists; at an equal timestamp `a`'s sample is kept. */
function mergeKeepFirst(a: readonly Sample[], b: readonly Sample[]): Sample[] {
  const out: Sample[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x.t < y.t) {
      out.push(x);
      i++;
    } else if (y.t < x.t) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

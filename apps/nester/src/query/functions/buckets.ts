/** One cumulative bucket of a classic histogram: observations up to `upperBound`. */
export interface Bucket {
  readonly upperBound: number;
  readonly count: number;
}

const MIN_NORMAL = 2.2250738585072014e-308;

/** Prometheus' `almost.Equal`: relative difference below `epsilon`; NaN equals NaN. */
export function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/** Merges sorted buckets with the same bound (`le="1"` and `le="1.0"`), adding their counts. */
export function coalesce(sorted: readonly Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.upperBound === b.upperBound) {
      out[out.length - 1] = { upperBound: last.upperBound, count: last.count + b.count };
    } else {
      out.push(b);
    }
  }
  return out;
}

/**
 * Prometheus' `BucketFraction`: the estimated share of observations between `lower` and
 * `upper`, interpolating linearly inside buckets. Positive-only buckets start at 0; the +Inf
 * bucket (and a -Inf lower edge) contributes nothing by interpolation.
 */
export function bucketFraction(lower: number, upper: number, input: readonly Bucket[]): number {
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted[sorted.length - 1]!.upperBound !== Infinity) return NaN;
  const buckets = coalesce(sorted);
  const count = buckets[buckets.length - 1]!.count;
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;

  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let lowerBound = buckets[0]!.upperBound <= 0 ? -Infinity : 0;
  for (const [i, b] of buckets.entries()) {
    if (i > 0) lowerBound = buckets[i - 1]!.upperBound;
    const upperBound = b.upperBound;
    const interpolate = (v: number): number =>
      lowerBound === -Infinity
        ? b.count
        : rank + ((b.count - rank) * (v - lowerBound)) / (upperBound - lowerBound);
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      lowerRank = interpolate(lower);
      lowerSet = true;
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = interpolate(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank = b.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}

import { getLabel, METRIC_NAME } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import { goQuote } from '../label-ops.js';
import { almostEqual, bucketFraction, coalesce } from './buckets.js';
import type { Bucket } from './buckets.js';
import { keyOf } from '../matrix-ops.js';
import type { OutSample, Vector } from '../values.js';
import { quantileWarning } from './over-time.js';
import type { FunctionDef, InstantCallContext } from './registry.js';
import { scalarArg, vectorArg } from './registry.js';

/** Go's `strconv.ParseFloat` as applied to `le` values (`+Inf`, `0.5`, `1e3`, `0x1p-2`). */
export function parseBound(text: string): number | undefined {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special !== null)
    return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  const hex = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i.exec(text);
  if (hex === null || (hex[2] === '' && (hex[3] ?? '') === '')) return undefined;
  const digits = `${hex[2]}${hex[3] ?? ''}`;
  const value = parseInt(digits, 16) * 2 ** (Number(hex[4]) - 4 * (hex[3] ?? '').length);
  return hex[1] === '-' ? -value : value;
}

interface ClassicHistogram {
  readonly labels: Labels;
  readonly buckets: Bucket[];
}

/**
 * Groups bucket series (`x_bucket{le="..."}`) into classic histograms: one per label set
 * without `le`, the metric name included. Series without a parseable `le` are skipped with
 * Prometheus' warning.
 */
function collectHistograms(vector: Vector, ctx: InstantCallContext, argIndex: number): ClassicHistogram[] {
  const byKey = new Map<string, ClassicHistogram>();
  for (const s of vector) {
    const le = getLabel(s.labels, 'le') ?? '';
    const bound = parseBound(le);
    if (bound === undefined) {
      const name = ctx.delayedNameRemoval ? (getLabel(s.labels, METRIC_NAME) ?? '') : '';
      const forName = name === '' ? '' : ` for metric name ${goQuote(name)}`;
      ctx.annotations.warn(
        `bucket label "le" is missing or has a malformed value of ${goQuote(le)}${forName}`,
        ctx.args[argIndex]!.pos,
      );
      continue;
    }
    const labels = s.labels.filter((l) => l.name !== 'le');
    const key = keyOf(labels);
    let h = byKey.get(key);
    if (h === undefined) byKey.set(key, (h = { labels, buckets: [] }));
    h.buckets.push({ upperBound: bound, count: s.v });
  }
  return [...byKey.values()];
}

/**
 * Removes decreases between successive buckets (and ignores differences within `tolerance`,
 * float noise), as Prometheus' `ensureMonotonicAndIgnoreSmallDeltas`. Returns where it had to.
 */
function ensureMonotonic(buckets: Bucket[]): {
  forced: boolean;
  minBucket: number;
  maxBucket: number;
  maxDiff: number;
} {
  let forced = false;
  let minBucket = Infinity;
  let maxBucket = -Infinity;
  let maxDiff = 0;
  let prev = buckets[0]!.count;
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i]!;
    const curr = b.count;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, 1e-12)) {
      buckets[i] = { upperBound: b.upperBound, count: prev };
      continue;
    }
    if (curr < prev) {
      buckets[i] = { upperBound: b.upperBound, count: prev };
      forced = true;
      minBucket = Math.min(minBucket, b.upperBound);
      maxBucket = Math.max(maxBucket, b.upperBound);
      maxDiff = Math.max(maxDiff, prev - curr);
      continue;
    }
    prev = curr;
  }
  return { forced, minBucket, maxBucket, maxDiff };
}

/** Prometheus' `BucketQuantile`: linear interpolation inside the bucket holding rank q × count. */
export function bucketQuantile(
  q: number,
  input: readonly Bucket[],
): { value: number; fix?: ReturnType<typeof ensureMonotonic> } {
  if (Number.isNaN(q)) return { value: NaN };
  if (q < 0) return { value: -Infinity };
  if (q > 1) return { value: Infinity };
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted[sorted.length - 1]!.upperBound !== Infinity) return { value: NaN };
  const buckets = coalesce(sorted);
  const fix = ensureMonotonic(buckets);
  if (buckets.length < 2) return { value: NaN, fix };
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return { value: NaN, fix };
  let rank = q * observations;
  // The first bucket (but the +Inf one) holding the rank, like Go's `sort.Search`.
  let b = buckets.length - 1;
  for (let i = 0; i < buckets.length - 1; i++) {
    if (buckets[i]!.count >= rank) {
      b = i;
      break;
    }
  }
  if (b === buckets.length - 1) return { value: buckets[buckets.length - 2]!.upperBound, fix };
  if (b === 0 && buckets[0]!.upperBound <= 0) return { value: buckets[0]!.upperBound, fix };
  let start = 0;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return { value: start + (buckets[b]!.upperBound - start) * (rank / count), fix };
}

const MONOTONICITY_INFO =
  'input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)';

/** `histogram_quantile` and `histogram_fraction` over classic (`le`) histograms. */
export const histogramFunctions: readonly FunctionDef[] = [
  {
    kind: 'instant',
    name: 'histogram_quantile',
    argTypes: ['scalar', 'vector'],
    returnType: 'vector',
    call: (args, ctx) => {
      const q = scalarArg(args, 0);
      const warning = quantileWarning(q);
      if (warning !== undefined) ctx.annotations.warn(warning, ctx.args[0]!.pos);
      return collectHistograms(vectorArg(args, 1), ctx, 1).flatMap((h): OutSample[] => {
        if (h.buckets.length === 0) return [];
        const { value, fix } = bucketQuantile(q, h.buckets);
        if (fix?.forced === true) {
          const name = ctx.delayedNameRemoval ? (getLabel(h.labels, METRIC_NAME) ?? '') : '';
          const message =
            name === '' ? MONOTONICITY_INFO : `${MONOTONICITY_INFO} for metric name ${goQuote(name)}`;
          ctx.annotations.monotonicityFixed(message, ctx.args[1]!.pos, { ts: ctx.evalMs, ...fix });
        }
        return [{ labels: h.labels, v: value, dropName: true }];
      });
    },
  },
  {
    kind: 'instant',
    name: 'histogram_fraction',
    argTypes: ['scalar', 'scalar', 'vector'],
    returnType: 'vector',
    call: (args, ctx) => {
      const lower = scalarArg(args, 0);
      const upper = scalarArg(args, 1);
      return collectHistograms(vectorArg(args, 2), ctx, 2).map((h) => ({
        labels: h.labels,
        v: bucketFraction(lower, upper, h.buckets),
        dropName: true,
      }));
    },
  },
];

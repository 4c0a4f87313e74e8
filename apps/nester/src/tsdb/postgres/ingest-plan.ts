import { formatLabels, InvalidInputError, isValidLabelName, labelsKey, METRIC_NAME } from '@seahawks/model';
import type { Labels, Sample } from '@seahawks/model';
import type { AppendResult, RejectReason, SeriesSamples } from '../../storage/storage.js';

/**
 * Longest metric name stored: `series.metric` has a btree index, whose rows must stay under
 * 2704 bytes; 800 UTF-16 units are at most 2400 bytes of UTF-8.
 */
export const MAX_METRIC_NAME_LENGTH = 800;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Two float64 slots seen as 32-bit halves: storing into a Float64Array keeps every bit.
const pair = new Float64Array(2);
const halves = new Uint32Array(pair.buffer);

/** True when two values have the same IEEE 754 bits (NaN payloads and the sign of 0 count). */
export function sameBits(a: number, b: number): boolean {
  pair[0] = a;
  pair[1] = b;
  return halves[0] === halves[2] && halves[1] === halves[3];
}

/** One series of a batch, with its samples to write (deduplicated, inside the accepted window). */
export interface PlannedSeries {
  readonly labels: Labels;
  /** `labelsKey(labels)`; empty when the id came from the cache by identity. */
  readonly key: string;
  /** Known id, or undefined until the series is looked up or created. */
  id: number | undefined;
  readonly samples: Sample[];
}

export interface IngestPlan {
  readonly series: PlannedSeries[];
  /** Samples accepted without being written (identical repeats inside the batch). */
  readonly acceptedRepeats: number;
  readonly rejected: Partial<Record<RejectReason, number>>;
  firstError: string | undefined;
  /** Samples to write, in total. */
  readonly rows: number;
  /** Partition buckets (`floor(t / bucketMs)`) the samples to write fall in. */
  readonly buckets: ReadonlySet<number>;
}

/** Where the planner finds ids of series seen before, without a round trip. */
export interface SeriesIdLookup {
  /** By the label array's identity (interned label sets). */
  byIdentity(labels: Labels): number | undefined;
  /** By canonical key; remembers `labels` for the identity look-up when found. */
  byKey(labels: Labels, key: string): number | undefined;
}

export interface PlanLimits {
  /** Oldest and newest accepted timestamps, inclusive, ms. */
  readonly minValidT: number;
  readonly maxValidT: number;
  readonly bucketMs: number;
}

function describe(labels: Labels): string {
  const text = formatLabels(labels);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Why a label set cannot be stored, or undefined: canonical form (sorted, unique valid names,
 * no empty values), text PostgreSQL can hold (no NUL, no lone surrogate) and a metric name that
 * fits its index.
 */
export function checkLabels(labels: Labels): string | undefined {
  if (labels.length === 0) return 'empty label set';
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!isValidLabelName(l.name)) return `invalid label name "${l.name.slice(0, 64)}"`;
    if (l.value === '') return `empty value for label "${l.name}"`;
    if (i > 0 && labels[i - 1]!.name >= l.name) return `labels not sorted and unique at "${l.name}"`;
    if (l.value.includes('\u0000') || LONE_SURROGATE.test(l.value)) {
      return `value of label "${l.name}" holds NUL or a lone surrogate, which PostgreSQL text cannot`;
    }
    if (l.name === METRIC_NAME && l.value.length > MAX_METRIC_NAME_LENGTH) {
      return `metric name of ${l.value.length} characters, more than ${MAX_METRIC_NAME_LENGTH}`;
    }
  }
  return undefined;
}

type Reject = (reason: RejectReason, count: number, message: () => string) => void;

/** Refuses a batch with a timestamp that is not an integer number of ms (no reject reason fits). */
function checkTimestamps(batch: readonly SeriesSamples[]): void {
  for (const entry of batch) {
    for (const s of entry.samples) {
      if (!Number.isSafeInteger(s.t)) {
        throw new InvalidInputError(
          `cannot append sample ${describe(entry.labels)} @${s.t}: timestamp is not an integer number of ms`,
        );
      }
    }
  }
}

/**
 * Sorts out a batch before any round trip: label sets refused as `invalid_labels`, samples
 * outside `[minValidT, maxValidT]` as `too_old` (Prometheus' "out of bounds", both sides), one
 * series per label set, and repeats of a timestamp inside the batch: the first wins, an identical
 * repeat is accepted, a different value is a `duplicate_timestamp`.
 *
 * @throws InvalidInputError, changing nothing, when a timestamp is not a safe integer.
 */
export function planBatch(
  batch: readonly SeriesSamples[],
  lookup: SeriesIdLookup,
  limits: PlanLimits,
): IngestPlan {
  checkTimestamps(batch);
  const plan: IngestPlan = {
    series: [],
    acceptedRepeats: 0,
    rejected: {},
    firstError: undefined,
    rows: 0,
    buckets: new Set(),
  };
  const reject: Reject = (reason, count, message) => {
    plan.rejected[reason] = (plan.rejected[reason] ?? 0) + count;
    plan.firstError ??= message();
  };
  const groups = new Map<number | string, PlannedSeries>();
  for (const entry of batch) {
    if (entry.samples.length === 0) continue;
    const group = groupOf(entry.labels, groups, lookup, plan.series);
    if (group === undefined) {
      const problem = checkLabels(entry.labels) ?? 'invalid';
      reject(
        'invalid_labels',
        entry.samples.length,
        () => `cannot append series ${describe(entry.labels)}: ${problem}`,
      );
      continue;
    }
    addInBounds(entry, group, limits, reject);
  }
  return finishPlan(plan, limits.bucketMs, reject);
}

/** Adds the entry's samples inside the accepted window to its group; the rest are `too_old`. */
function addInBounds(entry: SeriesSamples, group: PlannedSeries, limits: PlanLimits, reject: Reject): void {
  for (const s of entry.samples) {
    if (s.t >= limits.minValidT && s.t <= limits.maxValidT) {
      group.samples.push(s);
      continue;
    }
    const early = s.t < limits.minValidT;
    const where = early
      ? `before the oldest time accepted, ${limits.minValidT}`
      : `after the newest time accepted, ${limits.maxValidT}`;
    reject('too_old', 1, () => `cannot append sample ${describe(entry.labels)} @${s.t}: ${where}`);
  }
}

/** The batch's group for a label set, made on first sight; undefined for invalid labels. */
function groupOf(
  labels: Labels,
  groups: Map<number | string, PlannedSeries>,
  lookup: SeriesIdLookup,
  order: PlannedSeries[],
): PlannedSeries | undefined {
  let id = lookup.byIdentity(labels);
  let key = '';
  if (id === undefined) {
    key = labelsKey(labels);
    id = lookup.byKey(labels, key);
    // Only series never stored need checking: a stored one was checked when it was created.
    if (id === undefined && checkLabels(labels) !== undefined) return undefined;
  }
  const groupKey = id ?? key;
  let group = groups.get(groupKey);
  if (group === undefined) {
    group = { labels, key, id, samples: [] };
    groups.set(groupKey, group);
    order.push(group);
  }
  return group;
}

function finishPlan(plan: IngestPlan, bucketMs: number, reject: Reject): IngestPlan {
  let rows = 0;
  let repeats = 0;
  const buckets = plan.buckets as Set<number>;
  let lastBucket = NaN;
  const kept: PlannedSeries[] = [];
  for (const group of plan.series) {
    if (group.samples.length > 1) repeats += dedupe(group, reject);
    if (group.samples.length === 0) continue;
    kept.push(group);
    rows += group.samples.length;
    for (const s of group.samples) {
      const bucket = Math.floor(s.t / bucketMs);
      if (bucket !== lastBucket) buckets.add((lastBucket = bucket));
    }
  }
  return { ...plan, series: kept, rows, acceptedRepeats: repeats };
}

/** Sorts a group's samples by time (stable) and drops repeats; returns the identical ones. */
function dedupe(group: PlannedSeries, reject: Reject): number {
  const sorted = group.samples.map((s, i) => ({ s, i })).sort((a, b) => a.s.t - b.s.t || a.i - b.i);
  group.samples.length = 0;
  let identical = 0;
  for (const { s } of sorted) {
    const prev = group.samples[group.samples.length - 1];
    if (prev === undefined || prev.t !== s.t) {
      group.samples.push(s);
    } else if (sameBits(prev.v, s.v)) {
      identical++;
    } else {
      reject('duplicate_timestamp', 1, () => describeConflict(group.labels, s.t));
    }
  }
  return identical;
}

/**
 * The result of a planned batch once written: `conflicts` are the rows whose timestamp turned
 * out to be taken by another value in the database, described by `describeConflict`.
 */
export function resultOf(plan: IngestPlan, conflicts: number, describeConflict: () => string): AppendResult {
  const rejected = { ...plan.rejected };
  let firstError = plan.firstError;
  if (conflicts > 0) {
    rejected.duplicate_timestamp = (rejected.duplicate_timestamp ?? 0) + conflicts;
    firstError ??= describeConflict();
  }
  return { accepted: plan.rows - conflicts + plan.acceptedRepeats, rejected, firstError };
}

/** The message for a sample refused because the database holds another value at its time. */
export function describeConflict(labels: Labels, t: number): string {
  return `cannot append sample ${describe(labels)} @${t}: timestamp already has another value`;
}

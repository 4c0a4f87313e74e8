import type { MatrixSeries, QueryOutcome, VectorSample } from './prom-client.js';

/** Largest relative difference of two values still counted as equal. */
export const RELATIVE_TOLERANCE = 1e-9;

/** How two answers differ. */
export interface Difference {
  /** The first difference in words. */
  readonly message: string;
  /**
   * When the answers have the same shape (type, label sets, timestamps) and only values differ:
   * the timestamp (ms) of every differing point. Undefined for any other difference.
   */
  readonly valueTimestamps: readonly number[] | undefined;
}

/** Parses a value as Prometheus' JSON writes it ("NaN", "+Inf", "-Inf", decimal). */
export function parseValue(text: string): number {
  switch (text) {
    case 'NaN':
      return NaN;
    case '+Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return Number(text);
  }
}

/** Equal within `RELATIVE_TOLERANCE` of the larger magnitude; NaN equals NaN, infinities match by sign. */
export function sameValue(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** A canonical key for a label set: sorted `name="value"` pairs. */
export function labelKey(metric: Record<string, string>): string {
  return Object.keys(metric)
    .sort()
    .map((k) => `${k}=${JSON.stringify(metric[k])}`)
    .join(',');
}

const shapeOnly = (message: string): Difference => ({ message, valueTimestamps: undefined });

/**
 * Compares an expected answer (Prometheus) with an actual one (the nester). Returns undefined
 * when they agree. Both failing counts as agreement when the error types match (messages are
 * free text). `ordered` also checks the order of vector elements (sort, sort_desc).
 */
export function compareOutcomes(
  expected: QueryOutcome,
  actual: QueryOutcome,
  ordered = false,
): Difference | undefined {
  if (!expected.ok || !actual.ok) {
    if (!expected.ok && !actual.ok) {
      return expected.errorType === actual.errorType
        ? undefined
        : shapeOnly(
            `error types differ: ${expected.errorType} (${expected.error}) vs ${actual.errorType} (${actual.error})`,
          );
    }
    return shapeOnly(
      expected.ok
        ? `expected success, got ${actual.ok ? '' : `${actual.errorType}: ${actual.error}`}`
        : `expected error ${expected.errorType}: ${expected.error}, got success`,
    );
  }
  if (expected.resultType !== actual.resultType) {
    return shapeOnly(`result types differ: ${expected.resultType} vs ${actual.resultType}`);
  }
  switch (expected.resultType) {
    case 'scalar':
    case 'string':
      return comparePoints([
        ['', [expected.result as [number, string]], [actual.result as [number, string]]],
      ]);
    case 'vector': {
      const e = expected.result as VectorSample[];
      const a = actual.result as VectorSample[];
      const paired = pair(e, a, (s) => s.metric);
      if (typeof paired === 'string') return shapeOnly(paired);
      if (
        ordered &&
        e.map((s) => labelKey(s.metric)).join('|') !== a.map((s) => labelKey(s.metric)).join('|')
      ) {
        return shapeOnly('same elements in a different order');
      }
      return comparePoints(paired.map(([key, x, y]) => [key, [x.value], [y.value]]));
    }
    case 'matrix': {
      const paired = pair(
        expected.result as MatrixSeries[],
        actual.result as MatrixSeries[],
        (s) => s.metric,
      );
      if (typeof paired === 'string') return shapeOnly(paired);
      return comparePoints(paired.map(([key, x, y]) => [key, x.values, y.values]));
    }
  }
}

/** Pairs elements by label set, or says which label sets are missing or unexpected. */
function pair<T>(e: T[], a: T[], metric: (x: T) => Record<string, string>): Array<[string, T, T]> | string {
  const byKey = new Map(a.map((s) => [labelKey(metric(s)), s]));
  const expectedKeys = new Set(e.map((s) => labelKey(metric(s))));
  const missing = [...expectedKeys].filter((k) => !byKey.has(k));
  const extra = [...byKey.keys()].filter((k) => !expectedKeys.has(k));
  if (missing.length > 0 || extra.length > 0 || expectedKeys.size !== e.length || byKey.size !== a.length) {
    const list = (keys: string[]): string =>
      keys.slice(0, 3).join(' ; ') + (keys.length > 3 ? ` (+${keys.length - 3})` : '');
    return (
      `label sets differ (${e.length} vs ${a.length} series)` +
      (missing.length > 0 ? `; missing: ${list(missing)}` : '') +
      (extra.length > 0 ? `; unexpected: ${list(extra)}` : '')
    );
  }
  return e.map((s) => {
    const key = labelKey(metric(s));
    return [key, s, byKey.get(key)!];
  });
}

type Point = [number, string];

/** Same timestamps per series, then values; collects the timestamp of every differing value. */
function comparePoints(series: Array<[string, Point[], Point[]]>): Difference | undefined {
  for (const [key, e, a] of series) {
    const et = e.map((p) => p[0]).join(',');
    if (et !== a.map((p) => p[0]).join(',')) {
      const mine = new Set(e.map((p) => p[0]));
      const theirs = new Set(a.map((p) => p[0]));
      const lost = [...mine].filter((t) => !theirs.has(t)).slice(0, 5);
      const added = [...theirs].filter((t) => !mine.has(t)).slice(0, 5);
      return shapeOnly(
        `{${key}}: ${e.length} vs ${a.length} points (missing at ${lost.join(', ')}; extra at ${added.join(', ')})`,
      );
    }
  }
  let first: string | undefined;
  const times = new Set<number>();
  for (const [key, e, a] of series) {
    e.forEach((p, i) => {
      const q = a[i]!;
      if (p[1] === q[1] || sameValue(parseValue(p[1]), parseValue(q[1]))) return;
      first ??= `{${key}}: values differ at ${p[0]}: ${p[1]} vs ${q[1]}`;
      times.add(Math.round(p[0] * 1000));
    });
  }
  if (first === undefined) return undefined;
  const valueTimestamps = [...times].sort((x, y) => x - y);
  return { message: `${first} (${valueTimestamps.length} timestamps differ)`, valueTimestamps };
}

/** Whether an answer holds any data (an empty vector or matrix says little about agreement). */
export function hasData(outcome: QueryOutcome): boolean {
  if (!outcome.ok) return false;
  return !Array.isArray(outcome.result) || outcome.result.length > 0;
}

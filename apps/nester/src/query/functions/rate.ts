import type { FunctionDef, RangeWindow } from './registry.js';

/**
 * Prometheus' `extrapolatedRate`, the heart of `rate`, `increase` and `delta`.
 *
 * The raw difference between the first and last sample in the window (plus, for counters, the
 * value lost at every reset) is stretched to cover the whole window, because samples rarely sit
 * exactly on its edges. The stretch towards each edge is the real gap to the edge when it is
 * shorter than 1.1 × the average sample interval (the series presumably continues there), else
 * half an average interval (the series presumably starts or ends inside the window). A counter
 * is never extrapolated below zero: the gap to the left edge is capped at the time the counter
 * would have needed to grow from zero to its first value at the observed slope.
 *
 * Returns undefined with fewer than two samples, as Prometheus does.
 */
export function extrapolatedRate(w: RangeWindow, isCounter: boolean, isRate: boolean): number | undefined {
  const points = w.points;
  const n = points.length;
  if (n < 2) return undefined;
  const first = points[0]!;
  const last = points[n - 1]!;

  let result = last.v - first.v;
  if (isCounter) {
    // A drop means the counter restarted from zero: what it had reached before is added back.
    for (let i = 1; i < n; i++) {
      const prev = points[i - 1]!.v;
      if (points[i]!.v < prev) result += prev;
    }
  }

  let durationToStart = (first.t - w.rangeStartMs) / 1000;
  let durationToEnd = (w.rangeEndMs - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageInterval = sampledInterval / (n - 1);
  const threshold = averageInterval * 1.1;

  if (durationToStart >= threshold) durationToStart = averageInterval / 2;
  if (isCounter) {
    let durationToZero = durationToStart;
    if (result > 0 && first.v >= 0) durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = averageInterval / 2;

  let factor =
    sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
  if (isRate) factor /= w.rangeMs / 1000;
  return result * factor;
}

/**
 * Prometheus' `instantValue`, behind `irate` and `idelta`: only the last two samples count.
 * For `irate` a drop is a counter reset, and the new value is the increase since the reset.
 */
export function instantValue(w: RangeWindow, isRate: boolean): number | undefined {
  const n = w.points.length;
  if (n < 2) return undefined;
  const prev = w.points[n - 2]!;
  const last = w.points[n - 1]!;
  const intervalMs = last.t - prev.t;
  if (intervalMs === 0) return undefined;
  let result = last.v;
  // With a reset (or NaN, which compares false) irate keeps the last value as the increase.
  if (!isRate || !(last.v < prev.v)) result = last.v - prev.v;
  return isRate ? result / (intervalMs / 1000) : result;
}

/** `rate`, `increase`, `delta`, `irate`, `idelta`. */
export const rateFunctions: readonly FunctionDef[] = [
  {
    kind: 'range',
    name: 'rate',
    argTypes: ['matrix'],
    returnType: 'vector',
    expectsCounter: true,
    call: (w) => extrapolatedRate(w, true, true),
  },
  {
    kind: 'range',
    name: 'increase',
    argTypes: ['matrix'],
    returnType: 'vector',
    expectsCounter: true,
    call: (w) => extrapolatedRate(w, true, false),
  },
  {
    kind: 'range',
    name: 'delta',
    argTypes: ['matrix'],
    returnType: 'vector',
    call: (w) => extrapolatedRate(w, false, false),
  },
  {
    kind: 'range',
    name: 'irate',
    argTypes: ['matrix'],
    returnType: 'vector',
    call: (w) => instantValue(w, true),
  },
  {
    kind: 'range',
    name: 'idelta',
    argTypes: ['matrix'],
    returnType: 'vector',
    call: (w) => instantValue(w, false),
  },
];

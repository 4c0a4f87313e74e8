import { compareOutcomes } from '../../test/support/compare-results.js';
import { rangeQuery } from '../../test/support/prom-client.js';
import type { QueryOutcome, QueryTarget } from '../../test/support/prom-client.js';

/** One range query as a dashboard panel sends it. */
export interface RangeRequest {
  readonly expr: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

/** Latencies of one query on two engines, ms per repetition, and whether their answers agreed. */
export interface PairTiming {
  readonly request: RangeRequest;
  readonly baseline: number[];
  readonly candidate: number[];
  /** Series in the baseline's answer (0 for a panel with no data). */
  readonly series: number;
  readonly agreed: boolean;
  readonly error: string | undefined;
}

/** Wall time of one HTTP range query, from sending to the last byte of the parsed answer. */
export async function timeRange(
  target: QueryTarget,
  r: RangeRequest,
): Promise<{ ms: number; outcome: QueryOutcome }> {
  const started = performance.now();
  const outcome = await rangeQuery(target, r.expr, r.startMs, r.endMs, r.stepMs);
  return { ms: performance.now() - started, outcome };
}

/**
 * Times a query on both engines: `warmup` untimed rounds, then `reps` timed ones, one engine at
 * a time (never both at once: they share the CPU) and in alternating order, so neither always
 * runs with the other's leftovers in the caches.
 */
export async function timePair(
  baseline: QueryTarget,
  candidate: QueryTarget,
  r: RangeRequest,
  reps: number,
  warmup: number,
): Promise<PairTiming> {
  let last: { b: QueryOutcome | undefined; c: QueryOutcome | undefined } = { b: undefined, c: undefined };
  for (let i = 0; i < warmup; i++) {
    last = { b: (await timeRange(baseline, r)).outcome, c: (await timeRange(candidate, r)).outcome };
  }
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < reps; i++) {
    const order = i % 2 === 0 ? (['b', 'c'] as const) : (['c', 'b'] as const);
    for (const which of order) {
      const t = await timeRange(which === 'b' ? baseline : candidate, r);
      (which === 'b' ? b : c).push(t.ms);
      last = { ...last, [which]: t.outcome };
    }
  }
  const bo = last.b!;
  const co = last.c!;
  const error = !bo.ok
    ? `${baseline.name}: ${bo.error}`
    : !co.ok
      ? `${candidate.name}: ${co.error}`
      : undefined;
  return {
    request: r,
    baseline: b,
    candidate: c,
    series: bo.ok && Array.isArray(bo.result) ? bo.result.length : 0,
    agreed: compareOutcomes(bo, co) === undefined,
    error,
  };
}

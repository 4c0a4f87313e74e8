import type { Difference } from '../support/compare-results.js';
import type { NodeDataPlan } from '../support/node-data.js';
import type { Check } from './checks.js';

/**
 * A difference between Prometheus 2.42 (the oracle) and Prometheus 3 (what the nester follows)
 * that the corpus cannot avoid by choosing times, with the rule that recognises it. A mismatch
 * is put down to it only when the rule explains every differing point; anything else fails.
 * Each one is described in docs/promql-differences.md under the same id.
 */
export interface KnownDifference {
  readonly id: string;
  explains(check: Check, diff: Difference, plan: NodeDataPlan): boolean;
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    // Prometheus PR 13725 (2.52 and 3.x) first caps the extrapolation towards the range start at
    // half a sample interval, then limits it at the counter's zero point; 2.42 did it the other
    // way round. The results differ only in windows holding a counter's first samples after a
    // restart (a reboot, an exporter restart), so only those points are put down to it.
    id: 'rate-extrapolation-zero-point',
    explains: (check, diff, plan) => {
      if (!/\b(rate|increase)\s*\(/.test(check.expr) || check.expr.includes('@')) return false;
      const times = diff.valueTimestamps;
      if (times === undefined || times.length === 0) return false;
      const reach = lookBehindMs(check.expr) + plan.intervalMs;
      const restarts = counterRestarts(plan);
      return times.every((t) => restarts.some(([from, to]) => from <= t && to >= t - reach));
    },
  },
];

/** The first known difference explaining a mismatch, if any. */
export function explain(check: Check, diff: Difference, plan: NodeDataPlan): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find((k) => k.explains(check, diff, plan));
}

/**
 * When counters of the plan start again from near zero: from the failed scrape of a reboot to
 * the first good one after it, and at an exporter restart. [from, to] in ms.
 */
export function counterRestarts(plan: NodeDataPlan): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const h of plan.hosts) {
    if (h.rebootAtMs !== undefined) {
      out.push([h.rebootAtMs, h.rebootAtMs + (h.downRounds + 1) * plan.intervalMs]);
    }
    if (h.exporterRestartAtMs !== undefined) {
      out.push([h.exporterRestartAtMs, h.exporterRestartAtMs + plan.intervalMs]);
    }
  }
  return out;
}

/** How far back an evaluation of `expr` can read: every range, subquery range and offset, summed. */
export function lookBehindMs(expr: string): number {
  let total = 0;
  for (const m of expr.matchAll(/\[([^\]:]+)(?::[^\]]*)?\]/g)) total += durationMs(m[1]!);
  for (const m of expr.matchAll(/\boffset\s+-?([0-9a-z]+)/g)) total += durationMs(m[1]!);
  return total;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

function durationMs(text: string): number {
  let total = 0;
  for (const m of text.trim().matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return total;
}

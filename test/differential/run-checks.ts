import { compareOutcomes, hasData } from '../support/compare-results.js';
import type { Difference } from '../support/compare-results.js';
import type { NodeDataPlan } from '../support/node-data.js';
import type { QueryTarget } from '../support/prom-client.js';
import type { Check } from './checks.js';
import { explain } from './known-differences.js';

export interface CheckResult {
  readonly check: Check;
  /** Undefined when both answers agree. */
  readonly diff: Difference | undefined;
  /** Id of the documented 2.42-vs-3 difference that explains `diff`, if one does. */
  readonly knownAs: string | undefined;
  /** Prometheus' answer held data (an empty answer agreeing says less). */
  readonly withData: boolean;
}

/** A mismatch no documented difference explains: a failure. */
export const isFailure = (r: CheckResult): boolean => r.diff !== undefined && r.knownAs === undefined;

/** Puts every check to both servers (a few at a time) and compares the nester's answer with Prometheus'. */
export async function runChecks(
  checks: readonly Check[],
  expected: QueryTarget,
  actual: QueryTarget,
  plan: NodeDataPlan,
  concurrency = 4,
): Promise<CheckResult[]> {
  return mapLimit(checks, concurrency, async (check) => {
    const [e, a] = await Promise.all([check.run(expected), check.run(actual)]);
    const diff = compareOutcomes(e, a, check.ordered);
    const knownAs = diff === undefined ? undefined : explain(check, diff, plan)?.id;
    return { check, diff, knownAs, withData: hasData(e) };
  });
}

/** One line per category: identical / documented difference / total, then the totals and per-difference counts. */
export function summarize(results: readonly CheckResult[]): string[] {
  const byCategory = new Map<string, { total: number; passed: number; known: number; withData: number }>();
  for (const r of results) {
    const c = byCategory.get(r.check.category) ?? { total: 0, passed: 0, known: 0, withData: 0 };
    c.total++;
    if (r.diff === undefined) c.passed++;
    else if (r.knownAs !== undefined) c.known++;
    if (r.withData) c.withData++;
    byCategory.set(r.check.category, c);
  }
  const line = (
    name: string,
    c: { total: number; passed: number; known: number; withData: number },
  ): string =>
    `${name.padEnd(28)} ${String(c.passed).padStart(5)} identical, ${String(c.known).padStart(3)} documented ` +
    `difference, ${String(c.total - c.passed - c.known).padStart(3)} failed, of ${c.total} (${c.withData} with data)`;
  const lines = [...byCategory.entries()].map(([name, c]) => line(name, c));
  const total = { total: 0, passed: 0, known: 0, withData: 0 };
  for (const c of byCategory.values()) {
    total.total += c.total;
    total.passed += c.passed;
    total.known += c.known;
    total.withData += c.withData;
  }
  lines.push(line('total', total));
  const perKnown = new Map<string, number>();
  for (const r of results)
    if (r.knownAs !== undefined) perKnown.set(r.knownAs, (perKnown.get(r.knownAs) ?? 0) + 1);
  for (const [id, n] of perKnown) lines.push(`  documented difference ${id}: ${n} answers`);
  return lines;
}

/** The failures in words, at most `limit` of them. */
export function describeFailures(results: readonly CheckResult[], limit = 40): string {
  const bad = results.filter(isFailure);
  const shown = bad
    .slice(0, limit)
    .map((r) => `- [${r.check.category}] ${r.check.label}\n    ${r.diff?.message}`);
  return shown.join('\n') + (bad.length > limit ? `\n… and ${bad.length - limit} more` : '');
}

/**
 * Maps `fn` over `items` with at most `limit` calls in flight, keeping the results in input
 * order. The first rejection rejects the whole call (the calls already started still finish).
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

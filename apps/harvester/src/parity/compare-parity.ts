import { alignExpositions, type ParityInput } from './compare-structure.js';
import { compareValues, findDecreases } from './compare-values.js';
import {
  allowanceFor,
  describeDifference,
  type Allowance,
  type Exclusion,
  type ParityDifference,
  type ToleranceRule,
} from './parity-types.js';

/** The rules of one comparison: what is left out, what differs on purpose, how close values must be. */
export interface ParityRules {
  exclusions: readonly Exclusion[];
  allowances: readonly Allowance[];
  tolerances: readonly ToleranceRule[];
}

/** A difference and the allowance that covers it. */
export interface AllowedDifference {
  difference: ParityDifference;
  allowance: Allowance;
}

/** The outcome of comparing node_exporter's scrape with the harvester's two collections. */
export interface ParityResult {
  /** Families present on both sides (after exclusions). */
  familiesCompared: number;
  /** Series present on both sides whose values were compared. */
  seriesCompared: number;
  /** Families left out by an exclusion rule, sorted. */
  excluded: string[];
  allowed: AllowedDifference[];
  mismatches: ParityDifference[];
}

/**
 * Compares shapes (a), series (b), gauge values (c) and counter values and monotonicity (d);
 * every difference is either allowed by exactly the first allowance that covers it, or a
 * mismatch. Nothing is dropped on the way: a family is either excluded by a rule (listed in
 * `excluded`) or compared.
 */
export function compareParity(input: ParityInput, rules: ParityRules): ParityResult {
  const aligned = alignExpositions(input, rules.exclusions, rules.allowances);
  const differences = [
    ...aligned.differences,
    ...compareValues(aligned.families, rules.tolerances),
    ...findDecreases(input.harvesterBefore, input.harvesterAfter, rules.tolerances),
  ];
  const allowed: AllowedDifference[] = [];
  const mismatches: ParityDifference[] = [];
  for (const difference of differences) {
    const allowance = allowanceFor(difference, rules.allowances);
    if (allowance === undefined) mismatches.push(difference);
    else allowed.push({ difference, allowance });
  }
  return {
    familiesCompared: aligned.families.length,
    seriesCompared: aligned.families.reduce((n, f) => n + f.series.length, 0),
    excluded: aligned.excluded,
    allowed,
    mismatches,
  };
}

/** The parity test's summary line: `parity: N families compared, N series compared, N mismatches (…)`. */
export function summarizeParity(result: ParityResult): string {
  const reasons = new Map<string, number>();
  for (const a of result.allowed) reasons.set(a.allowance.reason, (reasons.get(a.allowance.reason) ?? 0) + 1);
  return (
    `parity: ${result.familiesCompared} families compared, ${result.seriesCompared} series compared, ` +
    `${result.mismatches.length} mismatches (${result.allowed.length} allowed differences under ` +
    `${reasons.size} allowances; ${result.excluded.length} families excluded by rule)`
  );
}

/** Every mismatch on its own line, for an assertion message. */
export function describeMismatches(mismatches: readonly ParityDifference[]): string {
  return mismatches.map((d) => `  ${describeDifference(d)}`).join('\n');
}

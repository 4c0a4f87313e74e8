import type { ParsedFamily, TextMetricType } from '../exposition/text-parse.js';
import type { AlignedFamily, AlignedSeries } from './compare-structure.js';
import {
  familyMatches,
  seriesKey,
  type ParityDifference,
  type Tolerance,
  type ToleranceRule,
} from './parity-types.js';

/** Float printing and parsing may move a value by an ulp or so; this much is never a mismatch. */
const RELATIVE_EPSILON = 1e-9;

/**
 * The tolerance of a family: the first rule whose family matches, else `counter` for a
 * counter and `exact` for anything else (a gauge gets slack only from a rule with a reason).
 */
export function toleranceFor(
  name: string,
  type: TextMetricType,
  rules: readonly ToleranceRule[],
): { tolerance: Tolerance; reason: string } {
  const rule = rules.find((r) => familyMatches(r.family, name));
  if (rule !== undefined) return rule;
  return type === 'counter'
    ? { tolerance: { kind: 'counter' }, reason: 'a counter: between the two readings' }
    : { tolerance: { kind: 'exact' }, reason: 'a gauge without a rule: exact' };
}

/**
 * Requirement (c) and (d): node_exporter's reading of every aligned series must fall in the
 * range its family's tolerance allows around the harvester's readings before and after.
 * A series the harvester lost in its second collection is judged on the first alone.
 */
export function compareValues(
  families: readonly AlignedFamily[],
  rules: readonly ToleranceRule[],
): ParityDifference[] {
  const byName = new Map(families.map((f) => [f.name, f]));
  const out: ParityDifference[] = [];
  for (const family of families) {
    const { tolerance } = toleranceFor(family.name, family.type, rules);
    for (const s of family.series) {
      const after = s.after ?? s.before;
      if (sameNumber(s.nodeExporter, s.before) && sameNumber(s.nodeExporter, after)) continue;
      const width = slack(tolerance, s, after, byName);
      const lo = Math.min(s.before, after);
      const hi = Math.max(s.before, after);
      const epsilon = RELATIVE_EPSILON * Math.max(Math.abs(lo), Math.abs(hi), Math.abs(s.nodeExporter));
      const allowed = [lo - width - epsilon, hi + width + epsilon] as const;
      if (s.nodeExporter >= allowed[0] && s.nodeExporter <= allowed[1]) continue;
      out.push({
        kind: 'value',
        family: family.name,
        series: s.key,
        labels: s.labels,
        counter: tolerance.kind === 'counter',
        nodeExporter: s.nodeExporter,
        harvester: [s.before, after],
        allowed,
        rule: describeTolerance(tolerance),
      });
    }
  }
  return out;
}

/**
 * Requirement (d), second half: a counter of the harvester (type counter, or a `counter`
 * rule for an untyped family such as node_vmstat_*) never goes down from one collection to
 * the next. Series only in one of the two collections are not compared.
 */
export function findDecreases(
  before: readonly ParsedFamily[],
  after: readonly ParsedFamily[],
  rules: readonly ToleranceRule[],
): ParityDifference[] {
  const later = new Map<string, number>();
  for (const f of after) for (const s of f.samples) later.set(seriesKey(s.name, s.labels), s.value);
  const out: ParityDifference[] = [];
  for (const f of before) {
    if (toleranceFor(f.name, f.type, rules).tolerance.kind !== 'counter') continue;
    for (const s of f.samples) {
      const key = seriesKey(s.name, s.labels);
      const next = later.get(key);
      if (next === undefined || !(next < s.value)) continue;
      out.push({
        kind: 'decrease',
        family: f.name,
        series: key,
        labels: s.labels,
        before: s.value,
        after: next,
      });
    }
  }
  return out;
}

/** How far beyond the harvester's two readings node_exporter's may be (see Tolerance). */
function slack(
  tolerance: Tolerance,
  s: AlignedSeries,
  after: number,
  families: ReadonlyMap<string, AlignedFamily>,
): number {
  switch (tolerance.kind) {
    case 'exact':
      return 0;
    case 'counter':
      return Math.abs(after - s.before) / 4;
    case 'absolute':
      return tolerance.delta;
    case 'relative':
      return tolerance.fraction * Math.max(Math.abs(s.before), Math.abs(after));
    case 'share': {
      const of = families.get(tolerance.of);
      const wanted = seriesKey(tolerance.of, s.labels);
      const base =
        of?.series.find((o) => o.key === wanted) ?? (of?.series.length === 1 ? of.series[0] : undefined);
      // Without the base the rule cannot widen anything: the value must then match exactly.
      return base === undefined ? 0 : tolerance.fraction * Math.abs(base.before);
    }
  }
}

function describeTolerance(t: Tolerance): string {
  switch (t.kind) {
    case 'exact':
      return 'exact';
    case 'counter':
      return 'counter: between the two readings ± a quarter of their gap';
    case 'absolute':
      return `within ${t.delta}`;
    case 'relative':
      return `within ${t.fraction * 100} %`;
    case 'share':
      return `within ${t.fraction * 100} % of ${t.of}`;
  }
}

function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

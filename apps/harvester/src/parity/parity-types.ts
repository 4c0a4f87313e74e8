/** Which exporter a family, label or series was seen in. */
export type Side = 'node_exporter' | 'harvester';

/**
 * One way the harvester's output differs from node_exporter's. `family`, `type`, `help` and
 * `label` are differences of shape (the families and their label names), `series` of label
 * values, `value` of readings of one series, and `decrease` a counter of the harvester that
 * went down between two successive collections.
 */
export type ParityDifference =
  | { kind: 'family'; family: string; only: Side }
  | { kind: 'type'; family: string; nodeExporter: string; harvester: string }
  | { kind: 'help'; family: string; nodeExporter: string; harvester: string }
  | { kind: 'label'; family: string; label: string; only: Side }
  | { kind: 'series'; family: string; series: string; labels: Record<string, string>; only: Side }
  | {
      kind: 'value';
      family: string;
      series: string;
      labels: Record<string, string>;
      /** Compared as a counter (between the harvester's two readings) rather than a gauge. */
      counter: boolean;
      nodeExporter: number;
      /** The harvester's readings before and after the scrape. */
      harvester: readonly [number, number];
      /** The inclusive range node_exporter's value had to fall in. */
      allowed: readonly [number, number];
      rule: string;
    }
  | {
      kind: 'decrease';
      family: string;
      series: string;
      labels: Record<string, string>;
      before: number;
      after: number;
    };

/**
 * A deliberate difference: a difference it matches is reported as allowed, with the reason,
 * instead of as a mismatch. `family` is a name or a pattern tested against the whole name.
 * For `label`, the label is also left out of both sides' series before they are compared, so
 * the series and their values are still checked. `labels` (series, value) must all be
 * present with these values in the series' labels.
 */
export interface Allowance {
  kind: ParityDifference['kind'];
  family: string | RegExp;
  /** For `label`: the label name. */
  label?: string;
  /** For `family`, `label`, `series`: the side that has what the other lacks. */
  only?: Side;
  labels?: Readonly<Record<string, string>>;
  /** One line, also written in docs/node-exporter-parity.md. */
  reason: string;
}

/** Families left out of the comparison altogether, by a rule on their name. */
export interface Exclusion {
  family: RegExp;
  reason: string;
}

/**
 * How far node_exporter's reading of a series may be from the harvester's readings before
 * (A) and after (B) the scrape. The allowed range is [min(A,B) − w, max(A,B) + w], with w:
 * `exact` 0; `counter` a quarter of |B − A| (the counter's own rate times the elapsed time),
 * and the harvester must not have decreased; `absolute` delta; `relative` fraction of
 * max(|A|,|B|); `share` fraction of another family's value (the series with the same labels,
 * or that family's only series), e.g. 1 % of MemTotal. Plus 1e-9 relative for float printing.
 */
export type Tolerance =
  | { kind: 'exact' }
  | { kind: 'counter' }
  | { kind: 'absolute'; delta: number }
  | { kind: 'relative'; fraction: number }
  | { kind: 'share'; of: string; fraction: number };

/** The tolerance of the families a name or pattern matches, and why it is that wide. */
export interface ToleranceRule {
  family: string | RegExp;
  tolerance: Tolerance;
  reason: string;
}

/** True when `family` (a name or a whole-name pattern) covers `name`. */
export function familyMatches(family: string | RegExp, name: string): boolean {
  if (typeof family === 'string') return family === name;
  // Anchored around the whole pattern: exec alone would stop at the first alternative that
  // matches a prefix (`threads` in `threads|threads_state`).
  return new RegExp(`^(?:${family.source})$`, family.flags.replace(/[gy]/g, '')).test(name);
}

/** Canonical text of a series: its sample name and labels sorted by name, `name{a="1",b="2"}`. */
export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${pairs.join(',')}}`;
}

/** One line for a difference, for the test's failure message and the report. */
export function describeDifference(d: ParityDifference): string {
  switch (d.kind) {
    case 'family':
      return `family ${d.family} only in ${d.only}`;
    case 'type':
      return `${d.family}: type ${d.nodeExporter} in node_exporter, ${d.harvester} in harvester`;
    case 'help':
      return `${d.family}: HELP ${JSON.stringify(d.nodeExporter)} in node_exporter, ${JSON.stringify(d.harvester)} in harvester`;
    case 'label':
      return `${d.family}: label ${d.label} only in ${d.only}`;
    case 'series':
      return `series ${d.series} only in ${d.only}`;
    case 'value':
      return (
        `${d.series}: node_exporter ${d.nodeExporter}, harvester ${d.harvester[0]} then ${d.harvester[1]}, ` +
        `allowed [${d.allowed[0]}, ${d.allowed[1]}] (${d.rule})`
      );
    case 'decrease':
      return `${d.series}: the harvester's counter went down from ${d.before} to ${d.after}`;
  }
}

/** The first allowance that covers the difference, or undefined when it is a mismatch. */
export function allowanceFor(d: ParityDifference, allowances: readonly Allowance[]): Allowance | undefined {
  return allowances.find((a) => {
    if (a.kind !== d.kind || !familyMatches(a.family, d.family)) return false;
    if (a.only !== undefined && 'only' in d && a.only !== d.only) return false;
    if (a.label !== undefined && (d.kind !== 'label' || a.label !== d.label)) return false;
    const labels = 'labels' in d ? d.labels : {};
    return Object.entries(a.labels ?? {}).every(([k, v]) => labels[k] === v);
  });
}

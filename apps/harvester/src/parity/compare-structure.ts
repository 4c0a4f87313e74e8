import type { ParsedFamily, TextMetricType } from '../exposition/text-parse.js';
import {
  allowanceFor,
  familyMatches,
  seriesKey,
  type Allowance,
  type Exclusion,
  type ParityDifference,
  type Side,
} from './parity-types.js';

/** A series both exporters have, with node_exporter's reading and the harvester's two. */
export interface AlignedSeries {
  key: string;
  labels: Record<string, string>;
  nodeExporter: number;
  /** The harvester's first reading, or its second when the series appeared between them. */
  before: number;
  /** Undefined when the series was gone from the harvester's second collection. */
  after: number | undefined;
}

/** A family both exporters have, with the series both have. */
export interface AlignedFamily {
  name: string;
  type: TextMetricType;
  series: AlignedSeries[];
}

/** What the comparison of shapes and series found. */
export interface AlignedExposition {
  /** Every difference of families, types, HELP, label names and series, allowed or not. */
  differences: ParityDifference[];
  families: AlignedFamily[];
  /** Names of the families left out by an exclusion rule, sorted. */
  excluded: string[];
}

/** The harvester's two collections and node_exporter's scrape taken between them, parsed. */
export interface ParityInput {
  nodeExporter: readonly ParsedFamily[];
  harvesterBefore: readonly ParsedFamily[];
  harvesterAfter: readonly ParsedFamily[];
}

type SeriesMap = Map<string, { labels: Record<string, string>; value: number }>;

/**
 * Lines the two expositions up: families on one side only, differing TYPE or HELP, label
 * names on one side only, series on one side only (requirement (a) and (b) of the parity
 * test). The harvester's first collection is the one compared for shape; its second only
 * supplies readings. A label difference that an allowance covers is taken out of the side
 * that has it before the series are matched, so those series are still compared.
 */
export function alignExpositions(
  input: ParityInput,
  exclusions: readonly Exclusion[],
  allowances: readonly Allowance[],
): AlignedExposition {
  const excluded = new Set<string>();
  const index = (families: readonly ParsedFamily[]): Map<string, ParsedFamily> => {
    const out = new Map<string, ParsedFamily>();
    for (const f of families) {
      if (exclusions.some((e) => familyMatches(e.family, f.name))) excluded.add(f.name);
      else out.set(f.name, f);
    }
    return out;
  };
  const differences: ParityDifference[] = [];
  const ne = index(splitAllowedComposites(input.nodeExporter, allowances, differences));
  const before = index(input.harvesterBefore);
  const after = index(input.harvesterAfter);
  for (const name of ne.keys())
    if (!before.has(name)) differences.push({ kind: 'family', family: name, only: 'node_exporter' });
  for (const name of before.keys())
    if (!ne.has(name)) differences.push({ kind: 'family', family: name, only: 'harvester' });
  const families: AlignedFamily[] = [];
  for (const [name, neFamily] of [...ne].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const hvFamily = before.get(name);
    if (hvFamily === undefined) continue;
    families.push(alignFamily(neFamily, hvFamily, after.get(name), allowances, differences));
  }
  return { differences, families, excluded: [...excluded].sort() };
}

function alignFamily(
  ne: ParsedFamily,
  hv: ParsedFamily,
  hvAfter: ParsedFamily | undefined,
  allowances: readonly Allowance[],
  differences: ParityDifference[],
): AlignedFamily {
  const name = ne.name;
  if (ne.type !== hv.type)
    differences.push({ kind: 'type', family: name, nodeExporter: ne.type, harvester: hv.type });
  if (ne.help !== hv.help)
    differences.push({ kind: 'help', family: name, nodeExporter: ne.help ?? '', harvester: hv.help ?? '' });
  const strip: Record<Side, Set<string>> = { node_exporter: new Set(), harvester: new Set() };
  const neLabels = labelNames(ne);
  const hvLabels = labelNames(hv);
  const labelOnly = (label: string, only: Side): void => {
    const d: ParityDifference = { kind: 'label', family: name, label, only };
    differences.push(d);
    if (allowanceFor(d, allowances) !== undefined) strip[only].add(label);
  };
  for (const label of neLabels) if (!hvLabels.has(label)) labelOnly(label, 'node_exporter');
  for (const label of hvLabels) if (!neLabels.has(label)) labelOnly(label, 'harvester');
  const neSeries = seriesOf(ne, strip.node_exporter);
  const hvSeries = seriesOf(hv, strip.harvester);
  const hvAfterSeries: SeriesMap =
    hvAfter === undefined ? (new Map() as SeriesMap) : seriesOf(hvAfter, strip.harvester);
  // A series that comes or goes between the harvester's two readings (a process state, a
  // device) is transient: node_exporter may have seen either side of the change.
  const series: AlignedSeries[] = [];
  for (const [key, s] of neSeries) {
    const before = hvSeries.get(key)?.value;
    const after = hvAfterSeries.get(key)?.value;
    if (before === undefined && after === undefined) {
      differences.push({
        kind: 'series',
        family: name,
        series: key,
        labels: s.labels,
        only: 'node_exporter',
      });
      continue;
    }
    series.push({ key, labels: s.labels, nodeExporter: s.value, before: before ?? after!, after });
  }
  for (const [key, s] of hvSeries)
    if (!neSeries.has(key) && hvAfterSeries.has(key))
      differences.push({ kind: 'series', family: name, series: key, labels: s.labels, only: 'harvester' });
  return { name, type: ne.type, series };
}

/**
 * The harvester has no histogram or summary type: it relays those of text files as untyped
 * `<name>_bucket`, `<name>_sum`, `<name>_count` (and `<name>` for quantiles) families. A
 * node_exporter histogram or summary that a `type` allowance covers is split the same way,
 * with the type difference recorded, so that its series and values are still compared.
 */
function splitAllowedComposites(
  families: readonly ParsedFamily[],
  allowances: readonly Allowance[],
  differences: ParityDifference[],
): ParsedFamily[] {
  const out: ParsedFamily[] = [];
  for (const family of families) {
    const d: ParityDifference = {
      kind: 'type',
      family: family.name,
      nodeExporter: family.type,
      harvester: 'untyped',
    };
    if (
      family.type === 'counter' ||
      family.type === 'gauge' ||
      family.type === 'untyped' ||
      !allowanceFor(d, allowances)
    ) {
      out.push(family);
      continue;
    }
    differences.push(d);
    const parts = new Map<string, ParsedFamily>();
    for (const sample of family.samples) {
      let part = parts.get(sample.name);
      if (part === undefined) {
        part = { name: sample.name, type: 'untyped', help: family.help, samples: [] };
        parts.set(sample.name, part);
      }
      part.samples.push(sample);
    }
    out.push(...parts.values());
  }
  return out;
}

function labelNames(family: ParsedFamily): Set<string> {
  return new Set(family.samples.flatMap((s) => Object.keys(s.labels)));
}

/** The family's series by key, with the labels in `strip` left out. */
function seriesOf(family: ParsedFamily, strip: ReadonlySet<string>): SeriesMap {
  const out: SeriesMap = new Map();
  for (const sample of family.samples) {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(sample.labels)) if (!strip.has(k)) labels[k] = v;
    out.set(seriesKey(sample.name, labels), { labels, value: sample.value });
  }
  return out;
}

import { formatGoFloat } from '../exposition/go-float.js';
import {
  parseValue,
  type ParsedFamily,
  type ParsedSample,
  type TextMetricType,
} from '../exposition/text-parse.js';
import type { MetricFamily } from './collector.js';

/** One output family of a text file, before merging: a histogram or summary yields several. */
interface FileFamily {
  name: string;
  /** The type the file declared, for conflict checks; the output itself is typed by toType. */
  declared: TextMetricType;
  help: string | undefined;
  metrics: MetricFamily['metrics'];
}

/** Names the textfile collector itself or the scrape bookkeeping emit; a file may not claim them. */
const RESERVED = new Set([
  'node_textfile_mtime_seconds',
  'node_textfile_scrape_error',
  'node_scrape_collector_duration_seconds',
  'node_scrape_collector_success',
]);

/**
 * Converts one parsed family of one file as node_exporter re-exposes it: every series gets
 * every label name seen in the family (missing ones `""`); a histogram becomes
 * `<name>_bucket{le}` (ascending, `+Inf` added from the count when missing), `<name>_sum` and
 * `<name>_count` per label set, and a summary `<name>{quantile}`, `<name>_sum`,
 * `<name>_count`, with `le`/`quantile` rewritten in Go's float format and absent sums and
 * counts as 0. Our MetricFamily has no histogram type, so those come out as separate
 * untyped families with the same samples.
 */
export function convertFamily(family: ParsedFamily): FileFamily[] {
  const special = family.type === 'summary' ? 'quantile' : isHistogram(family.type) ? 'le' : undefined;
  const names = new Set(family.samples.flatMap((s) => Object.keys(s.labels).filter((l) => l !== special)));
  const fill = (labels: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) if (k !== special) out[k] = v;
    for (const n of names) out[n] ??= '';
    return out;
  };
  const output = (suffix: string): FileFamily => ({
    name: family.name + suffix,
    declared: family.type,
    help: family.help,
    metrics: [],
  });
  if (special === undefined) {
    const only = output('');
    for (const s of family.samples) only.metrics.push({ labels: fill(s.labels), value: s.value });
    return [only];
  }
  const [values, sums, counts] =
    special === 'le'
      ? [output('_bucket'), output('_sum'), output('_count')]
      : [output(''), output('_sum'), output('_count')];
  for (const group of groupBySeries(family, special)) {
    const labels = fill(group.labels);
    const points = [...group.points].sort(([a], [b]) => a - b);
    let count = group.count ?? 0;
    if (special === 'le') {
      // client_golang keeps histogram counts as integers; one fractional count (or NaN) makes
      // expfmt store them all as floats, which node_exporter then reads back as 0.
      const integral = [count, ...points.map(([, v]) => v)].every((v) => Number.isInteger(v));
      if (!integral) points.forEach((p) => (p[1] = 0));
      if (!integral) count = 0;
      if (!points.some(([le]) => le === Infinity)) points.push([Infinity, count]);
    } else count = Number.isFinite(count) && count > 0 ? Math.trunc(count) : 0;
    for (const [bound, value] of points)
      values.metrics.push({ labels: { ...labels, [special]: formatGoFloat(bound) }, value });
    sums.metrics.push({ labels, value: group.sum ?? 0 });
    counts.metrics.push({ labels, value: count });
  }
  return [values, sums, counts];
}

function isHistogram(type: TextMetricType): boolean {
  return type === 'histogram' || type === 'gaugehistogram';
}

interface SeriesGroup {
  labels: Record<string, string>;
  /** [le or quantile, value]; a repeated bound keeps its last value, as Go's map does. */
  points: Array<[number, number]>;
  sum?: number;
  count?: number;
}

/** Samples of a histogram or summary gathered per label set (without `le`/`quantile`), in first-seen order. */
function groupBySeries(family: ParsedFamily, special: 'le' | 'quantile'): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>();
  for (const s of family.samples) {
    const labels = { ...s.labels };
    delete labels[special];
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { labels, points: [] }));
    const role = roleOf(family.name, s);
    if (role === 'sum') group.sum = s.value;
    else if (role === 'count') group.count = s.value;
    else if (special in s.labels) {
      // The parser has checked that it is a Go float.
      const bound = parseValue(s.labels[special]!) ?? Number.NaN;
      const existing = group.points.find(([b]) => b === bound || (Number.isNaN(b) && Number.isNaN(bound)));
      if (existing !== undefined) existing[1] = s.value;
      else group.points.push([bound, s.value]);
    }
    // A bucket without `le` or a summary sample without `quantile` says nothing; expfmt drops it too.
  }
  return [...groups.values()];
}

function roleOf(family: string, sample: ParsedSample): 'sum' | 'count' | undefined {
  if (sample.name === `${family}_sum`) return 'sum';
  if (sample.name === `${family}_count`) return 'count';
  return undefined;
}

interface Merged extends FileFamily {
  files: string[];
  /** Serialised label sets already present, to refuse a duplicate series. */
  seen: Set<string>;
  /** A HELP conflict refuses every later family of the name, as in node_exporter. */
  conflicted: boolean;
}

/**
 * Merges the families of all text files, first file first, into what the textfile collector
 * emits. A family whose HELP differs from the one seen first is refused, and so is every
 * later family of that name; a family whose type differs, a series already present and a
 * reserved name are refused too. Each refusal is reported as a problem (the collector then
 * sets node_textfile_scrape_error). A family that no file gave a HELP gets
 * `Metric read from <file>, <file>…`, as in node_exporter.
 */
export class TextfileMerge {
  private readonly families = new Map<string, Merged>();

  /** Adds the families parsed from `file`; returns the problems, empty when all were taken. */
  add(parsed: readonly ParsedFamily[], file: string): string[] {
    const problems: string[] = [];
    for (const family of parsed.flatMap(convertFamily)) {
      const refuse = (why: string): void =>
        void problems.push(`cannot use ${family.name} from ${file}: ${why}`);
      if (RESERVED.has(family.name)) {
        refuse('the name belongs to the harvester itself');
        continue;
      }
      const merged = this.families.get(family.name);
      if (merged === undefined) {
        this.families.set(family.name, {
          ...family,
          metrics: [],
          files: [file],
          seen: new Set(),
          conflicted: false,
        });
        this.addMetrics(this.families.get(family.name)!, family, refuse);
        continue;
      }
      if (
        merged.conflicted ||
        (family.help !== undefined && merged.help !== undefined && family.help !== merged.help)
      ) {
        merged.conflicted = true;
        refuse(`its HELP differs from the one in ${merged.files[0]}`);
        continue;
      }
      if (family.declared !== merged.declared) {
        refuse(`it is ${family.declared} in this file but ${merged.declared} in ${merged.files[0]}`);
        continue;
      }
      merged.help ??= family.help;
      merged.files.push(file);
      this.addMetrics(merged, family, refuse);
    }
    return problems;
  }

  /** Appends the series of `family` that `merged` does not have yet; a repeated one is refused. */
  private addMetrics(merged: Merged, family: FileFamily, refuse: (why: string) => void): void {
    for (const m of family.metrics) {
      const key = seriesKey(m.labels);
      if (merged.seen.has(key)) {
        refuse(`series ${key} is repeated (first in ${merged.files[0]})`);
        continue;
      }
      merged.seen.add(key);
      merged.metrics.push(m);
    }
  }

  /** The merged families, in the order they were first seen. */
  build(): MetricFamily[] {
    return [...this.families.values()].map((f) => ({
      name: f.name,
      help: f.help ?? `Metric read from ${f.files.join(', ')}`,
      type: toType(f.declared),
      metrics: f.metrics,
    }));
  }
}

function toType(type: TextMetricType): MetricFamily['type'] {
  return type === 'counter' || type === 'gauge' ? type : 'untyped';
}

function seriesKey(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;
}

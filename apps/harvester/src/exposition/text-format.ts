import type { MetricFamily } from '../collectors/collector.js';
import { formatGoFloat } from './go-float.js';

/** The Content-Type of what formatText writes. */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Renders families in the Prometheus text exposition format 0.0.4, byte for byte as
 * node_exporter (Prometheus' Go client) would: families sorted by name, families of the
 * same name merged (first HELP and type win), each with `# HELP` and `# TYPE` lines, its
 * series sorted by label values in label-name order, labels sorted by name, empty label
 * values kept (`device_error=""`), values formatted as Go does (see formatGoFloat).
 * Families without series are left out. Ends with a newline unless empty.
 */
export function formatText(families: readonly MetricFamily[]): string {
  const merged = new Map<string, MetricFamily>();
  for (const f of families) {
    const existing = merged.get(f.name);
    if (existing === undefined) merged.set(f.name, { ...f, metrics: [...f.metrics] });
    else existing.metrics.push(...f.metrics);
  }
  const names = [...merged.keys()].sort(compareStrings);
  let out = '';
  for (const name of names) {
    const family = merged.get(name)!;
    if (family.metrics.length === 0) continue;
    out += `# HELP ${name} ${escapeHelp(family.help)}\n# TYPE ${name} ${family.type}\n`;
    const rows = family.metrics.map((m) => {
      const labels = Object.entries(m.labels).sort(([a], [b]) => compareStrings(a, b));
      return { labels, value: m.value };
    });
    rows.sort((a, b) => compareLabelValues(a.labels, b.labels));
    for (const row of rows) out += `${name}${formatLabelPairs(row.labels)} ${formatGoFloat(row.value)}\n`;
  }
  return out;
}

/** Escapes HELP text: backslash and newline (quotes stay as they are). */
export function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Escapes a label value: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabelPairs(labels: ReadonlyArray<[string, string]>): string {
  if (labels.length === 0) return '';
  return `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

// client_golang's MetricSorter: fewer labels first (only for inconsistent families), then
// the first differing value in label-name order.
function compareLabelValues(a: ReadonlyArray<[string, string]>, b: ReadonlyArray<[string, string]>): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const c = compareStrings(a[i]![1], b[i]![1]);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Go compares strings byte-wise in UTF-8, JavaScript in UTF-16 code units; the two orders
 * differ only between U+E000–U+FFFF and astral characters, so compare by code point.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
  }
  return a.length - b.length;
}

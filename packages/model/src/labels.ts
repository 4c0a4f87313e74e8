import { InvalidInputError } from './errors.js';

/** One label pair. Names follow Prometheus: `[a-zA-Z_][a-zA-Z0-9_]*`, `__name__` holds the metric name. */
export interface Label {
  readonly name: string;
  readonly value: string;
}

/** A label set, always sorted by name with unique names (the canonical Prometheus order). */
export type Labels = readonly Label[];

export const METRIC_NAME = '__name__';

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function isValidLabelName(name: string): boolean {
  return LABEL_NAME_RE.test(name);
}

export function isValidMetricName(name: string): boolean {
  return METRIC_NAME_RE.test(name);
}

function byName(a: Label, b: Label): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Builds a sorted label set from a record; empty values are dropped, as Prometheus does. */
export function labelsFromRecord(record: Readonly<Record<string, string>>): Labels {
  const out: Label[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (value !== '') out.push({ name, value });
  }
  return out.sort(byName);
}

export function labelsToRecord(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.name] = l.value;
  return out;
}

/** Sorts a label list and drops empty values; throws on duplicate names. */
export function normalizeLabels(labels: readonly Label[]): Labels {
  const sorted = labels.filter((l) => l.value !== '').sort(byName);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1]!.name === sorted[i]!.name) {
      throw new InvalidInputError(`cannot accept labels: duplicate label name "${sorted[i]!.name}"`);
    }
  }
  return sorted;
}

/**
 * Checks a label set as received on the wire: sorted by name, unique, valid names,
 * non-empty values, and a valid metric name. Returns an error message or undefined.
 */
export function checkWireLabels(labels: Labels): string | undefined {
  let name: string | undefined;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!isValidLabelName(l.name)) return `invalid label name "${truncate(l.name)}"`;
    if (l.value === '') return `empty value for label "${l.name}"`;
    if (i > 0) {
      const prev = labels[i - 1]!.name;
      if (prev === l.name) return `duplicate label name "${l.name}"`;
      if (prev > l.name) return `labels not sorted: "${prev}" before "${l.name}"`;
    }
    if (l.name === METRIC_NAME) name = l.value;
  }
  if (name === undefined) return 'series without a metric name (__name__)';
  if (!isValidMetricName(name)) return `invalid metric name "${truncate(name)}"`;
  return undefined;
}

function truncate(s: string): string {
  return s.length > 64 ? `${s.slice(0, 64)}…` : s;
}

export function getLabel(labels: Labels, name: string): string | undefined {
  for (const l of labels) if (l.name === name) return l.value;
  return undefined;
}

export function metricName(labels: Labels): string | undefined {
  return getLabel(labels, METRIC_NAME);
}

/** Returns a copy with `name` set to `value` (removed when `value` is empty), order kept canonical. */
export function setLabel(labels: Labels, name: string, value: string): Labels {
  const out = labels.filter((l) => l.name !== name);
  if (value !== '') out.push({ name, value });
  return out.sort(byName);
}

export function dropMetricName(labels: Labels): Labels {
  return labels.filter((l) => l.name !== METRIC_NAME);
}

/** Keeps only the named labels (`by`) or all but them (`without`). */
export function projectLabels(labels: Labels, names: ReadonlySet<string>, keep: boolean): Labels {
  return labels.filter((l) => names.has(l.name) === keep);
}

/**
 * A canonical string key of a label set, for maps and interning. The separator bytes
 * cannot appear in valid label names, and values are length-prefixed, so keys never collide.
 */
export function labelsKey(labels: Labels): string {
  let key = '';
  for (const l of labels) key += `${l.name}\u0000${l.value.length}\u0000${l.value}\u0001`;
  return key;
}

/** Prometheus' text form: `name{a="b", c="d"}`. */
export function formatLabels(labels: Labels): string {
  const name = metricName(labels) ?? '';
  const rest = labels.filter((l) => l.name !== METRIC_NAME);
  if (rest.length === 0) return name === '' ? '{}' : name;
  return `${name}{${rest.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(', ')}}`;
}

export function labelsEqual(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.name !== b[i]!.name || a[i]!.value !== b[i]!.value) return false;
  }
  return true;
}

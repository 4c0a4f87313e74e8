import { labelsKey, METRIC_NAME } from '@seahawks/model';
import type { Label, Labels } from '@seahawks/model';

/**
 * Labels Prometheus treats as the metric's identity rather than its dimensions (`__name__`,
 * and the `__type__`/`__unit__` of the type-and-unit feature). Operations that change what a
 * value means drop all three at once (`DropReserved(schema.IsMetadataLabel)`).
 */
const METADATA_LABELS: ReadonlySet<string> = new Set([METRIC_NAME, '__type__', '__unit__']);

/** Removes the metric name (and its metadata siblings), as Prometheus does after most functions. */
export function dropMetadataLabels(labels: Labels): Labels {
  for (const l of labels) {
    if (METADATA_LABELS.has(l.name)) return labels.filter((x) => !METADATA_LABELS.has(x.name));
  }
  return labels;
}

/** Keeps only the labels whose names are in `names` (the `by`/`on` projection). */
export function keepLabels(labels: Labels, names: ReadonlySet<string>): Labels {
  return labels.filter((l) => names.has(l.name));
}

/** Removes the labels whose names are in `names` (the `without`/`ignoring` projection). */
export function removeLabels(labels: Labels, names: ReadonlySet<string>): Labels {
  return labels.filter((l) => !names.has(l.name));
}

/** Returns `labels` with `name` set to `value`, or removed when `value` is empty; order kept canonical. */
export function withLabel(labels: Labels, name: string, value: string): Labels {
  const out: Label[] = [];
  let placed = value === '';
  for (const l of labels) {
    if (l.name === name) continue;
    if (!placed && l.name > name) {
      out.push({ name, value });
      placed = true;
    }
    out.push(l);
  }
  if (!placed) out.push({ name, value });
  return out;
}

/**
 * Orders strings by Unicode code point, which is Go's byte-wise UTF-8 order. JavaScript's `<`
 * compares UTF-16 code units, which differs for characters above U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const surrogateA = ca >= 0xd800 && ca <= 0xdfff;
    const surrogateB = cb >= 0xd800 && cb <= 0xdfff;
    if (surrogateA !== surrogateB) return surrogateA ? 1 : -1;
    return ca < cb ? -1 : 1;
  }
  return a.length - b.length;
}

/** Prometheus' `labels.Compare`: pairwise by name then value, a shorter prefix first. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const la = a[i]!;
    const lb = b[i]!;
    if (la.name !== lb.name) return compareStrings(la.name, lb.name);
    if (la.value !== lb.value) return compareStrings(la.value, lb.value);
  }
  return a.length - b.length;
}

/**
 * The key two series share when `on(names)` (`on = true`) or `ignoring(names)` matches them.
 * Ignoring always ignores the metric name too, as in Prometheus.
 */
export function matchingKey(labels: Labels, names: ReadonlySet<string>, on: boolean): string {
  let key = '';
  for (const l of labels) {
    const listed = names.has(l.name);
    if (on ? listed : !listed && l.name !== METRIC_NAME) {
      key += `${l.name}\u0000${l.value.length}\u0000${l.value}\u0001`;
    }
  }
  return key;
}

/** The labels that matched in `matchingKey`, for error messages (Prometheus' `MatchLabels`). */
export function matchingLabels(labels: Labels, names: ReadonlySet<string>, on: boolean): Labels {
  return labels.filter((l) => (on ? names.has(l.name) : !names.has(l.name) && l.name !== METRIC_NAME));
}

/** True when two samples of one vector carry the same label set (Prometheus' `ContainsSameLabelset`). */
export function hasDuplicateLabelsets(all: readonly { readonly labels: Labels }[]): boolean {
  if (all.length < 2) return false;
  const seen = new Set<string>();
  for (const s of all) {
    const key = labelsKey(s.labels);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** Go's `strconv.Quote` for the strings label values usually hold. */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Go's `labels.Labels.String()`: `{__name__="up", job="node"}`, used in Prometheus' error messages. */
export function formatLabelsGo(labels: Labels): string {
  return `{${labels.map((l) => `${l.name}=${goQuote(l.value)}`).join(', ')}}`;
}

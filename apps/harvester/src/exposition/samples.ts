import { InvalidInputError, METRIC_NAME, labelsFromRecord, type Labels } from '@seahawks/model';
import type { MetricFamily } from '../collectors/collector.js';

/** One sample ready to queue and ship: a canonical label set with `__name__`, a value, a time. */
export interface CollectedSample {
  labels: Labels;
  value: number;
  /** Milliseconds since the Unix epoch, the same for every sample of one collection. */
  timestampMs: number;
}

/**
 * Flattens families into samples for remote_write, the way a Prometheus scrape would store
 * them: `__name__` set to the family name, empty label values dropped, labels sorted
 * (labelsFromRecord), and `extraLabels` (the harvester's identity: `instance`, `team`, …)
 * added to every sample. When a metric already has a label of the same name, the extra label
 * wins and the metric's own value moves to `exported_<name>`, as Prometheus does without
 * honor_labels. Families keep their order; series keep theirs.
 * @throws InvalidInputError when `extraLabels` tries to set `__name__`.
 */
export function familiesToSamples(
  families: readonly MetricFamily[],
  extraLabels: Readonly<Record<string, string>>,
  timestampMs: number,
): CollectedSample[] {
  if (METRIC_NAME in extraLabels) {
    throw new InvalidInputError(`cannot add extra label "${METRIC_NAME}": it is the metric name`);
  }
  // An empty extra label means "no such label", as everywhere in Prometheus.
  const extra = Object.entries(extraLabels).filter(([, value]) => value !== '');
  const extraNames = new Set(extra.map(([name]) => name));
  const out: CollectedSample[] = [];
  for (const family of families) {
    for (const metric of family.metrics) {
      const record: Record<string, string> = {};
      for (const [name, value] of Object.entries(metric.labels)) {
        record[extraNames.has(name) && value !== '' ? exportedName(name, metric.labels) : name] = value;
      }
      for (const [name, value] of extra) record[name] = value;
      record[METRIC_NAME] = family.name;
      out.push({ labels: labelsFromRecord(record), value: metric.value, timestampMs });
    }
  }
  return out;
}

/** `exported_<name>`, prefixed again while that too is taken, as Prometheus' scrape loop does. */
function exportedName(name: string, taken: Readonly<Record<string, string>>): string {
  let candidate = `exported_${name}`;
  while (candidate in taken) candidate = `exported_${candidate}`;
  return candidate;
}

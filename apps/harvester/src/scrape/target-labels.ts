import { labelsFromRecord, METRIC_NAME, type Labels } from '@seahawks/model';

/** The labels a scraped series gets on top of its own, in the two layers they are applied. */
export interface LabelLayers {
  /** The target's labels: `job`, `instance` (host:port) and the configured ones. */
  readonly target: Readonly<Record<string, string>>;
  /** Prometheus' honor_labels for the target layer. */
  readonly honorLabels: boolean;
  /**
   * The harvester's identity (its `instance`, its free labels), applied last and always
   * winning: the nester accepts from a harvester only series of its own instance.
   */
  readonly identity: Readonly<Record<string, string>>;
}

/**
 * The final label set of one scraped sample, as Prometheus' scrape loop builds it
 * (mutateSampleLabels), then once more for the harvester's identity:
 * 1. the sample's own labels, empty values dropped, `__name__` = the series name;
 * 2. the target labels: with honorLabels, only where the sample lacks the label; without, they
 *    are set and a sample label they displace moves to `exported_<name>` (prefixed again while
 *    taken, shortest names first);
 * 3. the identity labels, always set, displaced labels moving to `exported_<name>` likewise.
 * So a target's `instance="127.0.0.1:9100"` ends as `exported_instance`, and a sample's own
 * `instance` one step further, as `exported_exported_instance`.
 * Returned sorted, without empty values (labelsFromRecord).
 */
export function scrapedSeriesLabels(
  name: string,
  own: Readonly<Record<string, string>>,
  layers: LabelLayers,
): Labels {
  const record: Record<string, string> = {};
  for (const [label, value] of Object.entries(own)) if (value !== '') record[label] = value;
  record[METRIC_NAME] = name;
  if (layers.honorLabels) honor(record, layers.target);
  else override(record, layers.target);
  override(record, layers.identity);
  return labelsFromRecord(record);
}

/**
 * The label set of a series the scrape itself reports (`up`, `scrape_duration_seconds`, …):
 * the target labels and the identity set over the name, as Prometheus' reportSampleMutator.
 */
export function reportSeriesLabels(name: string, layers: LabelLayers): Labels {
  const record: Record<string, string> = { [METRIC_NAME]: name };
  override(record, layers.target);
  override(record, layers.identity);
  return labelsFromRecord(record);
}

/** honor_labels: true — a label is added only where the series has none (or an empty one). */
function honor(record: Record<string, string>, layer: Readonly<Record<string, string>>): void {
  for (const [label, value] of Object.entries(layer)) {
    if (label !== METRIC_NAME && value !== '' && record[label] === undefined) record[label] = value;
  }
}

/**
 * honor_labels: false — every label of the layer is set (an empty one removes the label), and
 * the values it displaced are kept under `exported_<name>`, resolved shortest name first as
 * Prometheus' resolveConflictingExposedLabels does.
 */
function override(record: Record<string, string>, layer: Readonly<Record<string, string>>): void {
  const displaced: Array<[string, string]> = [];
  for (const [label, value] of Object.entries(layer)) {
    if (label === METRIC_NAME) continue;
    const existing = record[label];
    // Even an equal value moves: Prometheus does so, and so does familiesToSamples.
    if (existing !== undefined) displaced.push([label, existing]);
    if (value === '') delete record[label];
    else record[label] = value;
  }
  displaced.sort(([a], [b]) => a.length - b.length);
  for (const [label, value] of displaced) {
    let candidate = `exported_${label}`;
    while (record[candidate] !== undefined) candidate = `exported_${candidate}`;
    record[candidate] = value;
  }
}

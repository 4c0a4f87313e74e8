/** Legend names for series, derived from their labels. */

type Labels = Record<string, string>;

const HIDDEN_LABELS = new Set(['__name__', 'instance', 'job']);

/** Every label except the metric name, instance and job, as `k=v` pairs; "value" when none are left. */
export function labelsName(metric: Labels): string {
  const parts = Object.entries(metric)
    .filter(([k]) => !HIDDEN_LABELS.has(k))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? parts.join(', ') : 'value';
}

/** The value of the first of `keys` the series has, else all its labels. */
export function labelName(metric: Labels, ...keys: string[]): string {
  for (const key of keys) {
    const value = metric[key];
    if (value !== undefined && value !== '') return value;
  }
  return labelsName(metric);
}

/** A hwmon temperature: "coretemp_0 temp1" from chip="platform_coretemp_0", sensor="temp1". */
export function hwmonName(metric: Labels): string {
  const chip = (metric['chip'] ?? '').replace(/^platform_/, '');
  const sensor = metric['sensor'] ?? '';
  const name = [chip, sensor].filter((s) => s !== '').join(' ');
  return name !== '' ? name : labelsName(metric);
}

/** A thermal zone: "x86_pkg_temp (zone 1)" from type and zone; the zone alone when untyped. */
export function thermalZoneName(metric: Labels): string {
  const type = metric['type'];
  const zone = metric['zone'];
  if (type && zone) return `${type} (zone ${zone})`;
  if (type) return type;
  if (zone) return `zone ${zone}`;
  return labelsName(metric);
}

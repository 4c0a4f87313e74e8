import type { FleetRegistry, Presence } from './fleet/registry.js';
import { isOnline } from './fleet/registry.js';
import type { RejectReason, Storage, StorageMetric, StorageStats } from './storage/index.js';
import { NESTER_VERSION } from './version.js';

/** The nester's own `/metrics` in the Prometheus text format (ingest, series, fleet; online from `presence`). */
export function renderSelfMetrics(
  storage: Storage,
  fleet: FleetRegistry,
  now: number,
  offlineAfterMs: number,
  presence?: Presence,
): string {
  const s = storage.stats();
  const harvesters = fleet.list();
  const online = harvesters.filter((h) => isOnline(h, now, offlineAfterMs, presence)).length;
  const lines = [
    '# HELP seahawks_nester_build_info Version of the running nester.',
    '# TYPE seahawks_nester_build_info gauge',
    `seahawks_nester_build_info{version="${NESTER_VERSION}"} 1`,
    '# HELP seahawks_storage_samples_appended_total Samples accepted by the store.',
    '# TYPE seahawks_storage_samples_appended_total counter',
    `seahawks_storage_samples_appended_total ${s.samplesAppended}`,
    '# HELP seahawks_storage_samples_rejected_total Samples refused by the store.',
    '# TYPE seahawks_storage_samples_rejected_total counter',
    ...rejectedLines(s),
    '# HELP seahawks_storage_series Series held by the store.',
    '# TYPE seahawks_storage_series gauge',
    `seahawks_storage_series ${s.series}`,
    '# HELP seahawks_harvesters Enrolled harvesters by state.',
    '# TYPE seahawks_harvesters gauge',
    `seahawks_harvesters{state="online"} ${online}`,
    `seahawks_harvesters{state="offline"} ${harvesters.length - online}`,
    ...(s.engineMetrics ?? []).flatMap(metricLines),
  ];
  return `${lines.join('\n')}\n`;
}

const REJECT_REASONS: readonly RejectReason[] = ['duplicate_timestamp', 'too_old', 'invalid_labels'];

/** By reason when the engine counts reasons (every reason listed, zeros included), else one total. */
function rejectedLines(s: StorageStats): string[] {
  const by = s.samplesRejectedByReason;
  if (by === undefined) return [`seahawks_storage_samples_rejected_total ${s.samplesRejected}`];
  return REJECT_REASONS.map((r) => `seahawks_storage_samples_rejected_total{reason="${r}"} ${by[r] ?? 0}`);
}

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function metricLines(m: StorageMetric): string[] {
  const out = [`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`];
  for (const sample of m.samples) {
    const pairs = Object.entries(sample.labels ?? {}).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
    const labels = pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
    out.push(`${m.name}${sample.suffix ?? ''}${labels} ${sample.value}`);
  }
  return out;
}

import type { FleetRegistry, Presence } from './fleet/registry.js';
import { isOnline } from './fleet/registry.js';
import type { Storage } from './storage/index.js';
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
    `seahawks_storage_samples_rejected_total ${s.samplesRejected}`,
    '# HELP seahawks_storage_series Series held by the store.',
    '# TYPE seahawks_storage_series gauge',
    `seahawks_storage_series ${s.series}`,
    '# HELP seahawks_harvesters Enrolled harvesters by state.',
    '# TYPE seahawks_harvesters gauge',
    `seahawks_harvesters{state="online"} ${online}`,
    `seahawks_harvesters{state="offline"} ${harvesters.length - online}`,
  ];
  return `${lines.join('\n')}\n`;
}

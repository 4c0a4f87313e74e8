import type { QueryService } from './query-service.js';

export interface HostSummary {
  cpu: number | null;
  memory: number | null;
  disk: number | null;
  temperature: number | null;
  load1: number | null;
}

/**
 * The fleet page's at-a-glance figures, one PromQL query each over the whole fleet (not one per
 * host), so the cost grows with the number of series, not the number of requests.
 * CPU uses irate: "now" at a glance, and exact from the second sample on, where rate() would
 * extrapolate a host's first minute into a false alarm.
 */
const QUERIES: ReadonlyArray<[keyof HostSummary, string]> = [
  ['cpu', '1 - avg by (instance) (irate(node_cpu_seconds_total{mode="idle"}[1m]))'],
  ['memory', '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes'],
  ['disk', 'max by (instance) (1 - node_filesystem_avail_bytes / node_filesystem_size_bytes)'],
  ['temperature', 'max by (instance) (node_hwmon_temp_celsius)'],
  ['temperature', 'max by (instance) (node_thermal_zone_temp)'],
  ['load1', 'node_load1'],
];

/**
 * Returns a summary per instance name. A query that fails (e.g. a function the engine does not
 * support yet) leaves its figure null and is reported through `onError`, never hidden.
 */
export async function fleetSummaries(
  query: QueryService,
  now: number,
  onError: (query: string, err: unknown) => void,
): Promise<Map<string, HostSummary>> {
  const out = new Map<string, HostSummary>();
  const get = (instance: string): HostSummary => {
    let s = out.get(instance);
    if (!s) {
      s = { cpu: null, memory: null, disk: null, temperature: null, load1: null };
      out.set(instance, s);
    }
    return s;
  };
  const results = await Promise.allSettled(QUERIES.map(([, q]) => query.instant(q, now)));
  results.forEach((r, i) => {
    const [key, text] = QUERIES[i]!;
    if (r.status === 'rejected') return onError(text, r.reason);
    if (r.value.resultType !== 'vector') return;
    for (const sample of r.value.result) {
      const instance = sample.metric.instance;
      const value = Number(sample.value[1]);
      if (instance === undefined || !Number.isFinite(value)) continue;
      const s = get(instance);
      const prev = s[key];
      s[key] = prev === null ? value : Math.max(prev, value);
    }
  });
  return out;
}

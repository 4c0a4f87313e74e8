import type { QueryService } from './query-service.js';

export interface HostSummary {
  cpu: number | null;
  memory: number | null;
  disk: number | null;
  temperature: number | null;
  load1: number | null;
}

/** One mounted filesystem of a host, from node_filesystem_* (the host page's inventory). */
export interface HostFilesystem {
  mountpoint: string;
  device: string;
  fstype: string;
  sizeBytes: number;
  availBytes: number | null;
}

/**
 * The fleet page's at-a-glance figures, one PromQL query each over the whole fleet (not one per
 * host), so the cost grows with the number of series, not the number of requests. `{M}` stands
 * for extra matchers (one host's instance on the host page, nothing for the fleet).
 * Five queries: every selection is an instant one over a short window (5 m lookback, 1 m for
 * irate), so a refresh reads a few samples per series whatever the history holds.
 * CPU uses irate: "now" at a glance, and exact from the second sample on, where rate() would
 * extrapolate a host's first minute into a false alarm.
 */
const QUERIES: ReadonlyArray<[keyof HostSummary, string]> = [
  ['cpu', '1 - avg by (instance) (irate(node_cpu_seconds_total{mode="idle"{,M}}[1m]))'],
  ['memory', '1 - node_memory_MemAvailable_bytes{M} / node_memory_MemTotal_bytes{M}'],
  ['disk', 'max by (instance) (1 - node_filesystem_avail_bytes{M} / node_filesystem_size_bytes{M})'],
  // Both sensor families in one selection: one pass over the fleet's series instead of two.
  ['temperature', 'max by (instance) ({__name__=~"node_hwmon_temp_celsius|node_thermal_zone_temp"{,M}})'],
  ['load1', 'node_load1{M}'],
];

/** Fills `{M}` (and `{,M}`, which adds a comma) with `matchers`, or with nothing. */
function withMatchers(template: string, matchers: string): string {
  return template
    .replaceAll('{,M}', matchers === '' ? '' : `, ${matchers}`)
    .replaceAll('{M}', matchers === '' ? '' : `{${matchers}}`);
}

/** A PromQL equality matcher on `instance`, with the value quoted as PromQL strings are. */
export function instanceMatcher(name: string): string {
  return `instance=${JSON.stringify(name)}`;
}

/**
 * Returns a summary per instance name, for every instance or only the one `instance` names.
 * A query that fails (e.g. a function the engine does not support yet) leaves its figure null
 * and is reported through `onError`, never hidden.
 */
export async function fleetSummaries(
  query: QueryService,
  now: number,
  onError: (query: string, err: unknown) => void,
  instance?: string,
): Promise<Map<string, HostSummary>> {
  const out = new Map<string, HostSummary>();
  const get = (name: string): HostSummary => {
    let s = out.get(name);
    if (!s) {
      s = { cpu: null, memory: null, disk: null, temperature: null, load1: null };
      out.set(name, s);
    }
    return s;
  };
  const matchers = instance === undefined ? '' : instanceMatcher(instance);
  const texts = QUERIES.map(([, q]) => withMatchers(q, matchers));
  const results = await Promise.allSettled(texts.map((q) => query.instant(q, now)));
  results.forEach((r, i) => {
    const key = QUERIES[i]![0];
    if (r.status === 'rejected') return onError(texts[i]!, r.reason);
    if (r.value.resultType !== 'vector') return;
    for (const sample of r.value.result) {
      const name = sample.metric.instance;
      const value = Number(sample.value[1]);
      if (name === undefined || !Number.isFinite(value)) continue;
      const s = get(name);
      const prev = s[key];
      s[key] = prev === null ? value : Math.max(prev, value);
    }
  });
  return out;
}

/**
 * The filesystems of one host now, largest first: size and free space per mount point, from the
 * node_exporter filesystem metrics (pseudo filesystems are not collected by default).
 */
export async function hostFilesystems(
  query: QueryService,
  now: number,
  instance: string,
): Promise<HostFilesystem[]> {
  const sel = `{${instanceMatcher(instance)}}`;
  const [size, avail] = await Promise.all([
    query.instant(`node_filesystem_size_bytes${sel}`, now),
    query.instant(`node_filesystem_avail_bytes${sel}`, now),
  ]);
  if (size.resultType !== 'vector' || avail.resultType !== 'vector') return [];
  const key = (m: Record<string, string>): string => `${m.mountpoint}\u0000${m.device}`;
  const free = new Map(avail.result.map((s) => [key(s.metric), Number(s.value[1])]));
  return size.result
    .map((s) => ({
      mountpoint: s.metric.mountpoint ?? '',
      device: s.metric.device ?? '',
      fstype: s.metric.fstype ?? '',
      sizeBytes: Number(s.value[1]),
      availBytes: free.get(key(s.metric)) ?? null,
    }))
    .filter((f) => Number.isFinite(f.sizeBytes))
    .sort((a, b) => b.sizeBytes - a.sizeBytes || a.mountpoint.localeCompare(b.mountpoint));
}

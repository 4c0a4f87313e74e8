import { SeahawksError } from '@seahawks/model';

/**
 * Where a collector reads the machine. Every path a collector opens is under one of these
 * roots, which is what lets tests run on a fixture tree and a Kubernetes DaemonSet read the
 * host's /proc and /sys mounted at /host/proc and /host/sys.
 */
export interface CollectContext {
  /** Usually `/proc`. */
  procRoot: string;
  /** Usually `/sys`. */
  sysRoot: string;
  /** Usually `/`; the host's root filesystem, for statfs of its mount points. */
  rootfs: string;
}

/** One metric family, as node_exporter exposes it: a name, its HELP text, its type and its series. */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'untyped';
  /**
   * The series. Label values may be empty: node_exporter prints `device_error=""`, and
   * Prometheus drops empty labels on ingestion (see familiesToSamples).
   */
  metrics: Array<{ labels: Record<string, string>; value: number }>;
}

/**
 * A source of metrics, node_exporter style: one per file in collectors/, named as the
 * node_exporter collector it mirrors (`cpu`, `meminfo`, `thermal_zone`). A collector may keep
 * state between calls (cpu does), so one instance serves one harvester.
 */
export interface Collector {
  readonly name: string;
  /**
   * True for a collector that relays metrics written by others (textfile; later, scraped
   * targets). collectAll drops a relayed family whose name a collector of the machine's own
   * also emitted in the same round, so a text file cannot shadow or duplicate those series.
   */
  readonly relays?: boolean;
  /**
   * Reads the machine once. Rejecting marks the whole collector failed for this round
   * (`node_scrape_collector_success 0`); a source that does not exist on this machine
   * (no /sys/class/hwmon on a VM) is not a failure: resolve with no families.
   */
  collect(ctx: CollectContext): Promise<MetricFamily[]>;
}

/**
 * Called once per failed collector, and once per relayed family dropped for a name clash
 * (a FamilyClashError; that collector still counts as successful), for logging. It must not
 * throw (collectAll itself never does).
 */
export type CollectErrorHandler = (collector: string, err: unknown) => void;

/** Monotonic milliseconds, e.g. `performance.now`; injected so tests get fixed durations. */
export type MonotonicClock = () => number;

/** A relayed family (a text file's) that collectAll dropped because another collector owns its name. */
export class FamilyClashError extends SeahawksError {
  constructor(family: string, relay: string, owner: string) {
    super('family_clash', `cannot use family ${family} from ${relay}: the ${owner} collector emits it`);
  }
}

export const SCRAPE_DURATION_NAME = 'node_scrape_collector_duration_seconds';
export const SCRAPE_SUCCESS_NAME = 'node_scrape_collector_success';

/**
 * Runs every collector concurrently and returns their families followed by node_exporter's
 * two bookkeeping families, one series per collector:
 * `node_scrape_collector_duration_seconds{collector}` (gauge, seconds from start to settle
 * measured with `now`) and `node_scrape_collector_success{collector}` (gauge, 1 or 0).
 * A collector that throws or rejects contributes nothing but its 0, and `onError` hears why;
 * the others are unaffected. Families of a relaying collector (Collector.relays) whose name
 * another collector emitted are dropped, with a FamilyClashError to `onError`: node_exporter's
 * registry drops one of two clashing families too, but which one depends on goroutine timing.
 * Families are returned in collector order, unsorted and unmerged (formatText sorts and merges).
 */
export async function collectAll(
  collectors: readonly Collector[],
  ctx: CollectContext,
  now: MonotonicClock,
  onError?: CollectErrorHandler,
): Promise<MetricFamily[]> {
  const runs = collectors.map(async (collector) => {
    const begin = now();
    try {
      const families = await collector.collect(ctx);
      return { collector, families, ok: true, seconds: elapsedSeconds(begin, now()) };
    } catch (err) {
      onError?.(collector.name, err);
      return { collector, families: [], ok: false, seconds: elapsedSeconds(begin, now()) };
    }
  });
  const results = await Promise.all(runs);
  const duration: MetricFamily = {
    name: SCRAPE_DURATION_NAME,
    help: 'node_exporter: Duration of a collector scrape.',
    type: 'gauge',
    metrics: [],
  };
  const success: MetricFamily = {
    name: SCRAPE_SUCCESS_NAME,
    help: 'node_exporter: Whether a collector succeeded.',
    type: 'gauge',
    metrics: [],
  };
  const owners = new Map<string, string>([
    [SCRAPE_DURATION_NAME, 'scrape'],
    [SCRAPE_SUCCESS_NAME, 'scrape'],
  ]);
  for (const r of results) {
    if (r.collector.relays) continue;
    for (const f of r.families) if (!owners.has(f.name)) owners.set(f.name, r.collector.name);
  }
  const out: MetricFamily[] = [];
  for (const r of results) {
    for (const f of r.families) {
      const owner = r.collector.relays ? owners.get(f.name) : undefined;
      if (owner === undefined) out.push(f);
      else onError?.(r.collector.name, new FamilyClashError(f.name, r.collector.name, owner));
    }
    duration.metrics.push({ labels: { collector: r.collector.name }, value: r.seconds });
    success.metrics.push({ labels: { collector: r.collector.name }, value: r.ok ? 1 : 0 });
  }
  out.push(duration, success);
  return out;
}

/**
 * Milliseconds to seconds, rounded to whole nanoseconds: Go's Duration.Seconds() is
 * nanoseconds / 1e9, and rounding keeps float noise such as 0.006925577999999973 out.
 */
function elapsedSeconds(beginMs: number, endMs: number): number {
  return Math.round((endMs - beginMs) * 1e6) / 1e9;
}

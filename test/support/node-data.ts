import type { RemoteWriteSeriesInput } from '@seahawks/protocol';
import {
  diskFamilies,
  filesystemFamilies,
  hostDevices,
  networkFamilies,
  protocolFamilies,
} from './node-families-io.js';
import type { HostDevices } from './node-families-io.js';
import { cpuFamilies, exporterFamilies, kernelFamilies, memoryFamilies } from './node-families-system.js';
import type { HostShape } from './node-families-system.js';
import type { SeriesSpec } from './node-series.js';
import { SeededRandom } from './seeded-random.js';
import { HostSimulator } from './host-simulator.js';

export interface NodeDataOptions {
  readonly hosts: number;
  /** Span of the data in hours (fractions allowed). */
  readonly hours: number;
  readonly seed: number;
  /** Start of the first scrape round, ms since the epoch. */
  readonly startMs: number;
  /** Scrape interval, ms (15 s like the dashboard assumes). */
  readonly intervalMs?: number;
  /** Every request holds samples of one window of this many ms only, so writes go in time order. */
  readonly windowMs?: number;
  /** Upper bound of samples per request, like Prometheus' own max_samples_per_send. */
  readonly maxSamplesPerRequest?: number;
}

/** One host's fixed facts and events; times in ms since the epoch. */
export interface HostPlan {
  readonly shape: HostShape;
  readonly devices: HostDevices;
  readonly instance: string;
  /** Offset of this target's scrapes inside the interval (Prometheus spreads targets so). */
  readonly phaseMs: number;
  readonly initialBootMs: number;
  readonly series: readonly SeriesSpec[];
  /** The host reboots: scrapes fail for `downRounds` rounds (stale markers), counters restart. */
  readonly rebootAtMs: number | undefined;
  readonly downRounds: number;
  /** The target is removed: every series, `up` included, ends with a stale marker. */
  readonly goneAtMs: number | undefined;
  /** node_exporter restarts without a reboot: only process_* counters reset. */
  readonly exporterRestartAtMs: number | undefined;
}

export interface NodeDataPlan {
  readonly startMs: number;
  /** End of the last scrape round (exclusive), ms. */
  readonly endMs: number;
  readonly intervalMs: number;
  readonly windowMs: number;
  readonly maxSamplesPerRequest: number;
  readonly rounds: number;
  readonly seed: number;
  readonly hosts: readonly HostPlan[];
}

const DAY = 86_400_000;

/**
 * Draws the hosts of a node_exporter-shaped fleet and their events from `seed`: host 1 (and
 * every 8th after it) reboots, host 2 (and every 16th after it) is decommissioned at 75 % of the
 * span, host 0 (and every 8th after it) restarts its exporter; every host has a veth and a backup
 * mount that come and go. Deterministic: the same options give the same plan.
 */
export function planNodeData(o: NodeDataOptions): NodeDataPlan {
  const intervalMs = o.intervalMs ?? 15_000;
  const rounds = Math.max(1, Math.round((o.hours * 3_600_000) / intervalMs));
  const span = rounds * intervalMs;
  const rng = new SeededRandom(o.seed);
  const hosts: HostPlan[] = [];
  for (let i = 0; i < o.hosts; i++) {
    const hr = rng.fork(i);
    const shape: HostShape = {
      index: i,
      nodename: `host-${i}`,
      cpus: hr.pick([2, 4, 8]),
      memBytes: hr.pick([4, 8, 16, 32]) * 1024 ** 3,
      swapBytes: i % 3 === 2 ? 0 : 2 * 1024 ** 3,
      busy: hr.between(0.3, 1.6),
      physical: i % 2 === 1,
    };
    const devices = hostDevices(shape);
    const series = [
      ...cpuFamilies(shape),
      ...memoryFamilies(shape),
      ...kernelFamilies(shape, hr),
      ...exporterFamilies(shape),
      ...filesystemFamilies(shape, devices),
      ...diskFamilies(shape, devices),
      ...networkFamilies(shape, devices),
      ...protocolFamilies(shape, devices),
    ];
    const at = (fraction: number): number => o.startMs + Math.round(span * fraction) + hr.int(1, 14_000);
    hosts.push({
      shape,
      devices,
      instance: `host-${i}:9100`,
      // Never a whole second: real scrape timestamps carry milliseconds.
      phaseMs: hr.int(0, 14) * 1000 + hr.int(1, 999),
      initialBootMs: o.startMs - hr.int(1, 30) * DAY - hr.int(0, DAY),
      series,
      rebootAtMs: i % 8 === 1 ? at(0.4 + 0.02 * (i % 5)) : undefined,
      downRounds: 3,
      goneAtMs: i % 16 === 2 ? at(0.75) : undefined,
      exporterRestartAtMs: i % 8 === 0 ? at(0.55) : undefined,
    });
  }
  return {
    startMs: o.startMs,
    endMs: o.startMs + span,
    intervalMs,
    windowMs: o.windowMs ?? 120_000,
    maxSamplesPerRequest: o.maxSamplesPerRequest ?? 10_000,
    rounds,
    seed: o.seed,
    hosts,
  };
}

/**
 * The plan's samples as remote_write requests, in time order: all series' samples of one window,
 * then the next window, each window cut into requests of at most `maxSamplesPerRequest`.
 * Writing them in this order from one start is what Prometheus 2.42's head accepts (no
 * out-of-order samples, nothing older than an hour behind its newest).
 */
export function* nodeDataRequests(plan: NodeDataPlan): Generator<RemoteWriteSeriesInput[]> {
  const sims = plan.hosts.map(
    (h) => new HostSimulator(h, plan, new SeededRandom(plan.seed).fork(1000 + h.shape.index)),
  );
  const roundsPerWindow = Math.max(1, Math.floor(plan.windowMs / plan.intervalMs));
  for (let first = 0; first < plan.rounds; first += roundsPerWindow) {
    const last = Math.min(plan.rounds, first + roundsPerWindow);
    let request: RemoteWriteSeriesInput[] = [];
    let count = 0;
    for (const sim of sims) {
      for (const s of sim.advance(first, last)) {
        request.push(s);
        count += s.samples.length;
        if (count >= plan.maxSamplesPerRequest) {
          yield request;
          request = [];
          count = 0;
        }
      }
    }
    if (request.length > 0) yield request;
  }
}

/** Number of series a plan writes (every label set that ever gets a sample, `up` included). */
export function countSeries(plan: NodeDataPlan): number {
  return plan.hosts.reduce((n, h) => n + h.series.length + 1, 0);
}

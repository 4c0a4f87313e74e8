// A node_exporter-shaped fleet for the ingest and disk benchmarks: the test suite's realistic
// host model (test/support/node-data.ts: counters with wandering rates, mean-reverting gauges,
// constants, reboots, stale markers), with the core count of every host fixed so that a host
// exposes as many series as a real server of that size (32 cores: about 800).
import type { RemoteWriteSeriesInput } from '@seahawks/protocol';
import { HostSimulator } from '../../test/support/host-simulator.js';
import { planNodeData } from '../../test/support/node-data.js';
import type { HostPlan, NodeDataPlan } from '../../test/support/node-data.js';
import {
  diskFamilies,
  filesystemFamilies,
  hostDevices,
  networkFamilies,
  protocolFamilies,
} from '../../test/support/node-families-io.js';
import {
  cpuFamilies,
  exporterFamilies,
  kernelFamilies,
  memoryFamilies,
} from '../../test/support/node-families-system.js';
import { SeededRandom } from '../../test/support/seeded-random.js';

export interface FleetOptions {
  readonly hosts: number;
  /** Cores of every host; the per-core families make most of a big host's series. */
  readonly cpus: number;
  /** Scrape rounds. */
  readonly rounds: number;
  readonly intervalMs: number;
  /** Time of round 0, ms since the epoch. */
  readonly startMs: number;
  readonly seed: number;
}

/** The plan of `node-data.ts` with every host's core count set to `cpus` and its series redrawn. */
export function planFleet(o: FleetOptions): NodeDataPlan {
  const base = planNodeData({
    hosts: o.hosts,
    hours: (o.rounds * o.intervalMs) / 3_600_000,
    seed: o.seed,
    startMs: o.startMs,
    intervalMs: o.intervalMs,
  });
  const hosts = base.hosts.map((h): HostPlan => {
    const shape = { ...h.shape, cpus: o.cpus };
    const devices = hostDevices(shape);
    const rng = new SeededRandom(o.seed).fork(7_000 + h.shape.index);
    const series = [
      ...cpuFamilies(shape),
      ...memoryFamilies(shape),
      ...kernelFamilies(shape, rng),
      ...exporterFamilies(shape),
      ...filesystemFamilies(shape, devices),
      ...diskFamilies(shape, devices),
      ...networkFamilies(shape, devices),
      ...protocolFamilies(shape, devices),
    ];
    return { ...h, shape, devices, series };
  });
  return { ...base, hosts };
}

/** Simulators of every host of a plan, in host order; each must be advanced round by round. */
export function simulateFleet(plan: NodeDataPlan): HostSimulator[] {
  return plan.hosts.map(
    (h) => new HostSimulator(h, plan, new SeededRandom(plan.seed).fork(1000 + h.shape.index)),
  );
}

/** One scrape of every host for `round`, one entry per host (what each harvester would send). */
export function fleetRound(sims: readonly HostSimulator[], round: number): RemoteWriteSeriesInput[][] {
  return sims.map((sim) => sim.advance(round, round + 1));
}

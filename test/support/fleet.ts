import { nodeDataRequests, planNodeData } from './node-data.js';
import type { NodeDataOptions, NodeDataPlan } from './node-data.js';
import { startNester } from './nester-process.js';
import type { RunningNester } from './nester-process.js';
import type { QueryTarget } from './prom-client.js';
import { startPrometheus } from './prometheus.js';
import type { RunningPrometheus } from './prometheus.js';
import { writeToAll } from './remote-write.js';
import type { WriteStats } from './remote-write.js';

/** A real Prometheus and a real nester holding the same generated node_exporter data. */
export interface LoadedFleet {
  readonly prometheus: RunningPrometheus;
  readonly nester: RunningNester;
  readonly targets: { readonly prometheus: QueryTarget; readonly nester: QueryTarget };
  readonly plan: NodeDataPlan;
  readonly written: WriteStats;
  /** Stops both servers and removes their data. Idempotent, never throws. */
  stop(): Promise<void>;
}

export type FleetOptions = Omit<NodeDataOptions, 'startMs'> & {
  /** The data ends this long before now (both stores take data in the past written in order). */
  readonly endBeforeNowMs?: number;
  /** Extra arguments for `nester serve`, e.g. `--config` selecting another storage engine. */
  readonly nesterArgs?: readonly string[];
};

/**
 * Starts both servers side by side, generates the data so that it ends a little before now,
 * and writes it into both through remote_write. Stops whatever started if anything fails.
 */
export async function startLoadedFleet(options: FleetOptions): Promise<LoadedFleet> {
  const [p, n] = await Promise.allSettled([startPrometheus(), startNester(options.nesterArgs)]);
  const prometheus = p.status === 'fulfilled' ? p.value : undefined;
  const nester = n.status === 'fulfilled' ? n.value : undefined;
  const stop = async (): Promise<void> => {
    await Promise.all([prometheus?.stop(), nester?.stop()]);
  };
  if (prometheus === undefined || nester === undefined) {
    await stop();
    throw p.status === 'rejected' ? p.reason : (n as PromiseRejectedResult).reason;
  }
  try {
    const spanMs = options.hours * 3_600_000;
    const endBefore = options.endBeforeNowMs ?? 10 * 60_000;
    const startMs = Math.floor((Date.now() - endBefore - spanMs) / 60_000) * 60_000;
    const plan = planNodeData({ ...options, startMs });
    const written = await writeToAll(
      [
        { name: 'prometheus', url: `${prometheus.url}/api/v1/write` },
        { name: 'nester', url: `${nester.url}/api/v1/write`, headers: nester.headers },
      ],
      nodeDataRequests(plan),
    );
    return {
      prometheus,
      nester,
      targets: {
        prometheus: { name: `prometheus ${prometheus.version}`, url: prometheus.url },
        nester: { name: 'nester', url: nester.url, headers: nester.headers },
      },
      plan,
      written,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

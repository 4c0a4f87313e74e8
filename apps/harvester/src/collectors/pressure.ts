import { join } from 'node:path';
import { parsePressure, type Pressure } from '../procfs/pressure.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { CollectorNoDataError, errorCode, readText } from './read.js';

const RESOURCES = ['cpu', 'io', 'memory', 'irq'] as const;
type Resource = (typeof RESOURCES)[number];

interface Series {
  name: string;
  help: string;
  line: 'some' | 'full';
}

// What node_exporter exports per resource: `some` is "waiting", `full` is "stalled". It
// ignores cpu's `full` line (5.13+), and irq has only a `full` line.
const SERIES: Readonly<Record<Resource, readonly Series[]>> = {
  cpu: [
    {
      name: 'node_pressure_cpu_waiting_seconds_total',
      help: 'Total time in seconds that processes have waited for CPU time',
      line: 'some',
    },
  ],
  io: [
    {
      name: 'node_pressure_io_waiting_seconds_total',
      help: 'Total time in seconds that processes have waited due to IO congestion',
      line: 'some',
    },
    {
      name: 'node_pressure_io_stalled_seconds_total',
      help: 'Total time in seconds no process could make progress due to IO congestion',
      line: 'full',
    },
  ],
  memory: [
    {
      name: 'node_pressure_memory_waiting_seconds_total',
      help: 'Total time in seconds that processes have waited for memory',
      line: 'some',
    },
    {
      name: 'node_pressure_memory_stalled_seconds_total',
      help: 'Total time in seconds no process could make progress due to memory congestion',
      line: 'full',
    },
  ],
  irq: [
    {
      name: 'node_pressure_irq_stalled_seconds_total',
      help: 'Total time in seconds no process could make progress due to IRQ congestion',
      line: 'full',
    },
  ],
};

const WHAT = 'pressure stall information';

/**
 * The `pressure` collector: pressure stall information from `<procRoot>/pressure/{cpu,io,
 * memory,irq}` as counters in seconds (the kernel counts microseconds):
 * `node_pressure_{cpu,io,memory}_waiting_seconds_total` and
 * `node_pressure_{io,memory,irq}_stalled_seconds_total`.
 *
 * Absent sources follow node_exporter: a missing file is skipped (irq needs Linux 6.1 with
 * CONFIG_IRQ_TIME_ACCOUNTING), but no file at all (Linux < 4.20, CONFIG_PSI off), PSI
 * disabled at boot (EOPNOTSUPP, `psi=0`) or a file without the line it should have fails
 * with CollectorNoDataError, which node_exporter reports as `success 0`.
 */
export class PressureCollector implements Collector {
  readonly name = 'pressure';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const families: MetricFamily[] = [];
    // One file after the other, in node_exporter's order, so the same condition wins when
    // several files are wrong.
    for (const resource of RESOURCES) {
      const text = await readPressureFile(join(ctx.procRoot, 'pressure', resource));
      if (text === undefined) continue;
      const pressure = parsePressure(text, resource);
      requireLines(resource, pressure);
      for (const s of SERIES[resource]) {
        // Two divisions, not one by 1e6: node_exporter's float64 arithmetic, bit for bit.
        const value = (pressure[s.line]?.totalMicroseconds ?? 0) / 1000.0 / 1000.0;
        families.push({ name: s.name, help: s.help, type: 'counter', metrics: [{ labels: {}, value }] });
      }
    }
    if (families.length === 0) {
      throw new CollectorNoDataError(WHAT, 'no /proc/pressure files (needs Linux 4.20+ with CONFIG_PSI)');
    }
    return families;
  }
}

/** Reads one resource's file; undefined when it does not exist. */
async function readPressureFile(path: string): Promise<string | undefined> {
  try {
    return await readText(path);
  } catch (err) {
    const code = errorCode(err);
    // Only ENOENT means "this kernel has no such resource"; anything else is a real failure.
    if (code === 'ENOENT') return undefined;
    if (code === 'EOPNOTSUPP' || code === 'ENOTSUP') {
      throw new CollectorNoDataError(WHAT, 'PSI is disabled (boot with psi=1 to enable it)', { cause: err });
    }
    throw err;
  }
}

/** node_exporter gives up (no data) when a resource lacks the line it exports. */
function requireLines(resource: Resource, pressure: Pressure): void {
  if (resource !== 'irq' && pressure.some === undefined) {
    throw new CollectorNoDataError(WHAT, `/proc/pressure/${resource} has no "some" line`);
  }
  if (resource !== 'cpu' && pressure.full === undefined) {
    throw new CollectorNoDataError(WHAT, `/proc/pressure/${resource} has no "full" line`);
  }
}

import { join } from 'node:path';
import { parseProcStat } from '../procfs/stat.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { readText } from './read.js';

/** One unlabelled series; a line /proc/stat lacks reads as 0, as procfs' zero value does. */
function single(
  name: string,
  help: string,
  type: MetricFamily['type'],
  value: number | undefined,
): MetricFamily {
  return { name, help, type, metrics: [{ labels: {}, value: value ?? 0 }] };
}

/**
 * The `stat` collector, from /proc/stat: `node_intr_total`, `node_context_switches_total`
 * and `node_forks_total` (counters, as read: node_exporter does not smooth wraps),
 * `node_boot_time_seconds` (gauge, Unix seconds) and `node_procs_running` /
 * `node_procs_blocked` (gauges). node_exporter's opt-in `--collector.stat.softirq`
 * (`node_softirqs_total{vector}`) is not implemented.
 */
export class StatCollector implements Collector {
  readonly name = 'stat';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const stat = parseProcStat(await readText(join(ctx.procRoot, 'stat')));
    return [
      single('node_intr_total', 'Total number of interrupts serviced.', 'counter', stat.interrupts),
      single(
        'node_context_switches_total',
        'Total number of context switches.',
        'counter',
        stat.contextSwitches,
      ),
      single('node_forks_total', 'Total number of forks.', 'counter', stat.forks),
      single('node_boot_time_seconds', 'Node boot time, in unixtime.', 'gauge', stat.bootTime),
      single('node_procs_running', 'Number of processes in runnable state.', 'gauge', stat.procsRunning),
      single(
        'node_procs_blocked',
        'Number of processes blocked waiting for I/O to complete.',
        'gauge',
        stat.procsBlocked,
      ),
    ];
  }
}

import { join } from 'node:path';
import { parseLoadavg } from '../procfs/loadavg.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { readText } from './read.js';

/** The `loadavg` collector: node_load1, node_load5 and node_load15 (gauges) from /proc/loadavg. */
export class LoadavgCollector implements Collector {
  readonly name = 'loadavg';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const load = parseLoadavg(await readText(join(ctx.procRoot, 'loadavg')));
    const gauge = (name: string, help: string, value: number): MetricFamily => ({
      name,
      help,
      type: 'gauge',
      metrics: [{ labels: {}, value }],
    });
    return [
      gauge('node_load1', '1m load average.', load.load1),
      gauge('node_load5', '5m load average.', load.load5),
      gauge('node_load15', '15m load average.', load.load15),
    ];
  }
}

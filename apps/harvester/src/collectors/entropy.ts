import { join } from 'node:path';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { readUnsigned } from './read.js';

/**
 * The `entropy` collector, from `<procRoot>/sys/kernel/random`: `node_entropy_available_bits`
 * (entropy_avail) and `node_entropy_pool_size_bits` (poolsize), gauges in bits. Since Linux
 * 5.18 both read 256 always. Either file missing or malformed fails the collector, as in
 * node_exporter.
 */
export class EntropyCollector implements Collector {
  readonly name = 'entropy';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const dir = join(ctx.procRoot, 'sys', 'kernel', 'random');
    const [available, poolSize] = await Promise.all([
      readUnsigned(join(dir, 'entropy_avail')),
      readUnsigned(join(dir, 'poolsize')),
    ]);
    return [
      {
        name: 'node_entropy_available_bits',
        help: 'Bits of available entropy.',
        type: 'gauge',
        metrics: [{ labels: {}, value: available }],
      },
      {
        name: 'node_entropy_pool_size_bits',
        help: 'Bits of entropy pool.',
        type: 'gauge',
        metrics: [{ labels: {}, value: poolSize }],
      },
    ];
  }
}

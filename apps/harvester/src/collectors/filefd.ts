import { join } from 'node:path';
import { parseFileNr } from '../procfs/file-nr.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { readText } from './read.js';

/**
 * The `filefd` collector: `node_filefd_allocated` and `node_filefd_maximum` (gauges, counts
 * of file handles) from `<procRoot>/sys/fs/file-nr`. A missing or malformed file fails the
 * collector, as in node_exporter.
 */
export class FilefdCollector implements Collector {
  readonly name = 'filefd';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const nr = parseFileNr(await readText(join(ctx.procRoot, 'sys', 'fs', 'file-nr')));
    const gauge = (stat: string, value: number): MetricFamily => ({
      name: `node_filefd_${stat}`,
      help: `File descriptor statistics: ${stat}.`,
      type: 'gauge',
      metrics: [{ labels: {}, value }],
    });
    return [gauge('allocated', nr.allocated), gauge('maximum', nr.maximum)];
  }
}

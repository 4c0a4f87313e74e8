import { join } from 'node:path';
import { parseNetDev } from '../procfs/net-dev.js';
import { parseUnsigned } from '../procfs/values.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { DeviceFilter, type FilterPatterns } from './device-filter.js';
import { FamilyBuilder } from './family-builder.js';
import { readSysAttribute, readText } from './read.js';

/** Options of the netdev collector. */
export interface NetdevOptions {
  /**
   * Device include/exclude patterns (`--collector.netdev.device-include/-exclude`).
   * node_exporter excludes nothing by default (Debian's package passes `^lo$`).
   */
  devices?: FilterPatterns;
}

/**
 * The `netdev` collector: `node_network_<direction>_<stat>_total{device}` counters, HELP
 * `Network device statistic <direction>_<stat>.`, from `<procRoot>/net/dev`.
 *
 * node_exporter reads the same kernel counters over netlink and folds them into the sixteen
 * /proc/net/dev columns; netlink adds one, rx_nohandler, which is read here from
 * `<sysRoot>/class/net/<device>/statistics/rx_nohandler` when it exists (kernel 4.6+), so the
 * set of names matches: `receive_{bytes,packets,errs,drop,fifo,frame,compressed,multicast,
 * nohandler}` and `transmit_{bytes,packets,errs,drop,fifo,colls,carrier,compressed}`.
 */
export class NetdevCollector implements Collector {
  readonly name = 'netdev';
  private readonly filter: DeviceFilter;

  /** @throws InvalidInputError when a filter pattern is invalid. */
  constructor(options: NetdevOptions = {}) {
    this.filter = new DeviceFilter(options.devices ?? {}, 'network devices');
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const lines = parseNetDev(await readText(join(ctx.procRoot, 'net', 'dev'))).filter(
      (line) => !this.filter.ignored(line.device),
    );
    const nohandler = await Promise.all(
      lines.map(async (line) =>
        parseUnsigned(
          (await readSysAttribute(
            join(ctx.sysRoot, 'class', 'net', line.device, 'statistics', 'rx_nohandler'),
          )) ?? '',
        ),
      ),
    );
    const builder = new FamilyBuilder();
    const add = (stat: string, device: string, value: number): void => {
      builder.add(
        `node_network_${stat}_total`,
        `Network device statistic ${stat}.`,
        'counter',
        { device },
        value,
      );
    };
    lines.forEach((line, i) => {
      for (const [stat, value] of Object.entries(line.counters)) add(stat, line.device, value);
      const extra = nohandler[i];
      if (extra !== undefined) add('receive_nohandler', line.device, extra);
    });
    return builder.build();
  }
}

import type { MetricFamily } from './collector.js';

/**
 * Gathers series into families by name, for collectors whose metric names are only known
 * while reading (meminfo fields, hwmon sensors, netdev counters). The first HELP and type
 * seen for a name win; node_exporter would refuse the scrape on a conflict, a harvester
 * keeps the data.
 */
export class FamilyBuilder {
  private readonly families = new Map<string, MetricFamily>();

  /** Adds one series to family `name`, creating the family on first use. */
  add(
    name: string,
    help: string,
    type: MetricFamily['type'],
    labels: Record<string, string>,
    value: number,
  ): this {
    let family = this.families.get(name);
    if (family === undefined) {
      family = { name, help, type, metrics: [] };
      this.families.set(name, family);
    }
    family.metrics.push({ labels, value });
    return this;
  }

  /** The families in first-added order. The builder should not be used afterwards. */
  build(): MetricFamily[] {
    return [...this.families.values()];
  }
}

import { join } from 'node:path';
import { parseMeminfo, type MeminfoField } from '../procfs/meminfo.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { readText } from './read.js';

/**
 * The metric name suffix node_exporter derives from a /proc/meminfo key and unit:
 * `Active(anon)` + kB → `Active_anon_bytes`, `HugePages_Total` (no unit) → `HugePages_Total`.
 * Parentheses become an underscore prefix; a unit (always kB, meaning KiB) adds `_bytes`.
 */
export function meminfoMetricSuffix(field: MeminfoField): string {
  const key = field.key.replace(/\((.*)\)/, '_$1');
  return field.unit === undefined ? key : `${key}_bytes`;
}

/** The value node_exporter exposes: KiB → bytes when the line has a unit, as is otherwise. */
export function meminfoMetricValue(field: MeminfoField): number {
  return field.unit === undefined ? field.value : field.value * 1024;
}

/**
 * The `meminfo` collector: one gauge `node_memory_<Key>[_bytes]` per /proc/meminfo line,
 * HELP `Memory information field <suffix>.`, with node_exporter's naming (see
 * meminfoMetricSuffix). Every line is exposed, as node_exporter 1.0–1.8 does; 1.9+ reads a
 * fixed list of known fields instead, a subset of these names with the same values.
 * A key ending in `_total` would be a counter (node_exporter's rule; no Linux key does).
 */
export class MeminfoCollector implements Collector {
  readonly name = 'meminfo';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const fields = parseMeminfo(await readText(join(ctx.procRoot, 'meminfo')));
    const byName = new Map<string, MetricFamily>();
    for (const field of fields) {
      const suffix = meminfoMetricSuffix(field);
      // A repeated key overwrites, as in node_exporter's map.
      byName.set(suffix, {
        name: `node_memory_${suffix}`,
        help: `Memory information field ${suffix}.`,
        type: suffix.endsWith('_total') ? 'counter' : 'gauge',
        metrics: [{ labels: {}, value: meminfoMetricValue(field) }],
      });
    }
    return [...byName.values()];
  }
}

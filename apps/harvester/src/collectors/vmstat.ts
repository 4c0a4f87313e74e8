import { InvalidInputError } from '@seahawks/model';
import { join } from 'node:path';
import { parseVmstat } from '../procfs/vmstat.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { readText } from './read.js';

/** node_exporter's default `--collector.vmstat.fields`. */
export const DEFAULT_VMSTAT_FIELDS = '^(oom_kill|pgpg|pswp|pg.*fault).*';

/** Options of the vmstat collector. */
export interface VmstatOptions {
  /** Which /proc/vmstat fields to export, a regular expression (`--collector.vmstat.fields`). */
  fields?: string;
}

/**
 * The `vmstat` collector: one untyped `node_vmstat_<field>` per /proc/vmstat line whose
 * name matches the fields pattern (by default page-in/out, swap-in/out, page faults and OOM
 * kills), HELP `/proc/vmstat information field <field>.`, values as the kernel reports them
 * (pages or events; counters are not adjusted for wraps, as in node_exporter).
 */
export class VmstatCollector implements Collector {
  readonly name = 'vmstat';
  private readonly pattern: RegExp;

  /** @throws InvalidInputError when the fields pattern does not compile. */
  constructor(options: VmstatOptions = {}) {
    const source = options.fields ?? DEFAULT_VMSTAT_FIELDS;
    try {
      this.pattern = new RegExp(source, 'u');
    } catch (err) {
      throw new InvalidInputError(`cannot compile the vmstat fields pattern ${JSON.stringify(source)}`, {
        cause: err,
      });
    }
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const fields = parseVmstat(await readText(join(ctx.procRoot, 'vmstat')));
    return fields
      .filter((f) => this.pattern.test(f.name))
      .map((f) => ({
        name: `node_vmstat_${f.name}`,
        help: `/proc/vmstat information field ${f.name}.`,
        type: 'untyped',
        metrics: [{ labels: {}, value: f.value }],
      }));
  }
}

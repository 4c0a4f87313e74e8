import { join } from 'node:path';
import { parseProcStat, type CpuTicks } from '../procfs/stat.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { readText } from './read.js';

/**
 * USER_HZ: the unit of /proc/stat. The kernel fixes it at 100 on every architecture it
 * exports to user space (x86, ARM, arm64, …), whatever CONFIG_HZ is.
 */
export const USER_HZ = 100;

// node_exporter's rule: an idle counter that drops by this many seconds or more means the
// CPU was unplugged and came back, so its remembered values start over.
const JUMP_BACK_SECONDS = 3;

const MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
type Seconds = Record<keyof CpuTicks, number>;

/** Options of the cpu collector. */
export interface CpuOptions {
  /** Emit node_cpu_guest_seconds_total (node_exporter's --collector.cpu.guest, default true). */
  guest?: boolean;
}

/**
 * The `cpu` collector: `node_cpu_seconds_total{cpu,mode}` and
 * `node_cpu_guest_seconds_total{cpu,mode}` from /proc/stat, in seconds.
 *
 * As in node_exporter, guest time is *not* subtracted from user and nice (the kernel counts
 * it in both, and node_exporter exposes it as is), and every counter is kept monotonic per
 * CPU: a value lower than the last one exposed is replaced by the last one (some kernels
 * and hypervisors make iowait and idle step back), unless idle dropped by 3 s or more,
 * which means a hotplug and resets that CPU. That memory is why one instance must serve
 * successive scrapes.
 */
export class CpuCollector implements Collector {
  readonly name = 'cpu';
  private readonly guest: boolean;
  private readonly last = new Map<number, Seconds>();

  constructor(options: CpuOptions = {}) {
    this.guest = options.guest ?? true;
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const stat = parseProcStat(await readText(join(ctx.procRoot, 'stat')));
    const seconds = stat.cpus.map(({ id, ticks }) => ({ id, seconds: this.remember(id, toSeconds(ticks)) }));
    const online = new Set(stat.cpus.map((c) => c.id));
    for (const id of this.last.keys()) if (!online.has(id)) this.last.delete(id);

    const cpu: MetricFamily = {
      name: 'node_cpu_seconds_total',
      help: 'Seconds the CPUs spent in each mode.',
      type: 'counter',
      metrics: [],
    };
    const guest: MetricFamily = {
      name: 'node_cpu_guest_seconds_total',
      help: 'Seconds the CPUs spent in guests (VMs) for each mode.',
      type: 'counter',
      metrics: [],
    };
    for (const { id, seconds: s } of seconds) {
      const label = String(id);
      for (const mode of MODES) cpu.metrics.push({ labels: { cpu: label, mode }, value: s[mode] });
      guest.metrics.push({ labels: { cpu: label, mode: 'user' }, value: s.guest });
      guest.metrics.push({ labels: { cpu: label, mode: 'nice' }, value: s.guestNice });
    }
    return this.guest ? [cpu, guest] : [cpu];
  }

  /** Applies node_exporter's monotonic rule and returns the values to expose. */
  private remember(id: number, next: Seconds): Seconds {
    let prev = this.last.get(id);
    if (prev === undefined || prev.idle - next.idle >= JUMP_BACK_SECONDS) prev = zeroSeconds();
    const kept = { ...prev };
    for (const key of Object.keys(next) as Array<keyof Seconds>) {
      if (next[key] >= kept[key]) kept[key] = next[key];
    }
    this.last.set(id, kept);
    return kept;
  }
}

function toSeconds(t: CpuTicks): Seconds {
  return {
    user: t.user / USER_HZ,
    nice: t.nice / USER_HZ,
    system: t.system / USER_HZ,
    idle: t.idle / USER_HZ,
    iowait: t.iowait / USER_HZ,
    irq: t.irq / USER_HZ,
    softirq: t.softirq / USER_HZ,
    steal: t.steal / USER_HZ,
    guest: t.guest / USER_HZ,
    guestNice: t.guestNice / USER_HZ,
  };
}

function zeroSeconds(): Seconds {
  return toSeconds({
    user: 0,
    nice: 0,
    system: 0,
    idle: 0,
    iowait: 0,
    irq: 0,
    softirq: 0,
    steal: 0,
    guest: 0,
    guestNice: 0,
  });
}

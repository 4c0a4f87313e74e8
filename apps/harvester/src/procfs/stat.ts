import { fields, parseError, parseUnsigned, quoteLine } from './values.js';

/** Clock ticks one CPU spent in each mode, as listed on a `cpu` line of /proc/stat (USER_HZ units). */
export interface CpuTicks {
  readonly user: number;
  readonly nice: number;
  readonly system: number;
  readonly idle: number;
  readonly iowait: number;
  readonly irq: number;
  readonly softirq: number;
  readonly steal: number;
  /** Already included in `user`: the kernel counts guest time twice. */
  readonly guest: number;
  /** Already included in `nice`. */
  readonly guestNice: number;
}

/** /proc/stat, the parts node_exporter's cpu and stat collectors read. */
export interface ProcStat {
  /** The aggregate `cpu` line; undefined when the file has none. */
  readonly total: CpuTicks | undefined;
  /** One entry per `cpuN` line, in file order; `id` is N. Offline CPUs have no line. */
  readonly cpus: ReadonlyArray<{ readonly id: number; readonly ticks: CpuTicks }>;
  /** Total interrupts serviced since boot (first number of `intr`). */
  readonly interrupts: number | undefined;
  readonly contextSwitches: number | undefined;
  /** Boot time, seconds since the Unix epoch. */
  readonly bootTime: number | undefined;
  /** Forks since boot (`processes`). */
  readonly forks: number | undefined;
  readonly procsRunning: number | undefined;
  readonly procsBlocked: number | undefined;
}

const CPU_FIELDS = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guestNice',
] as const;

const SCALARS: Readonly<Record<string, Exclude<keyof ProcStat, 'total' | 'cpus'>>> = {
  intr: 'interrupts',
  ctxt: 'contextSwitches',
  btime: 'bootTime',
  processes: 'forks',
  procs_running: 'procsRunning',
  procs_blocked: 'procsBlocked',
};

/**
 * Parses /proc/stat. Ticks stay ticks: converting to seconds (USER_HZ, 100 on every Linux
 * architecture) is the collector's business. A `cpu` line may carry fewer than ten numbers
 * (kernels before 2.6.33 have no guest_nice); the missing ones are 0, as in procfs.
 * @throws InvalidInputError naming the line when a known line is malformed.
 */
export function parseProcStat(text: string): ProcStat {
  let total: CpuTicks | undefined;
  const cpus: Array<{ id: number; ticks: CpuTicks }> = [];
  const scalars: Partial<Record<Exclude<keyof ProcStat, 'total' | 'cpus'>, number>> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const parts = fields(lines[i]!);
    const key = parts[0];
    if (key === undefined) continue;
    if (key.startsWith('cpu')) {
      const ticks = parseCpuTicks(parts, i + 1, lines[i]!);
      if (key === 'cpu') {
        total = ticks;
        continue;
      }
      const id = parseUnsigned(key.slice(3));
      if (id === undefined) throw parseError('/proc/stat', i + 1, `bad cpu name in ${quoteLine(lines[i]!)}`);
      cpus.push({ id, ticks });
      continue;
    }
    const target = SCALARS[key];
    if (target === undefined) continue;
    const value = parseUnsigned(parts[1] ?? '');
    if (value === undefined)
      throw parseError('/proc/stat', i + 1, `bad ${key} value in ${quoteLine(lines[i]!)}`);
    scalars[target] = value;
  }
  return {
    total,
    cpus,
    interrupts: scalars.interrupts,
    contextSwitches: scalars.contextSwitches,
    bootTime: scalars.bootTime,
    forks: scalars.forks,
    procsRunning: scalars.procsRunning,
    procsBlocked: scalars.procsBlocked,
  };
}

function parseCpuTicks(parts: readonly string[], lineNumber: number, line: string): CpuTicks {
  if (parts.length < 2) throw parseError('/proc/stat', lineNumber, `no tick counts in ${quoteLine(line)}`);
  const ticks: Record<(typeof CPU_FIELDS)[number], number> = {
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
  };
  for (let f = 0; f < CPU_FIELDS.length && f + 1 < parts.length; f++) {
    const value = parseUnsigned(parts[f + 1]!);
    if (value === undefined) {
      throw parseError('/proc/stat', lineNumber, `bad ${CPU_FIELDS[f]} ticks in ${quoteLine(line)}`);
    }
    ticks[CPU_FIELDS[f]!] = value;
  }
  return ticks;
}

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCpuList } from '../procfs/cpu-list.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { FamilyBuilder } from './family-builder.js';
import { readSysFile } from './sys-read.js';
import { CollectorReadError, errorCode, isNotFound, listDirectory, readText, readUnsigned } from './read.js';

const CPU_DIR_RE = /^cpu[0-9]/;

// The kHz attributes of cpuN/cpufreq node_exporter exports, in its order: file, family, HELP.
const FREQUENCIES: ReadonlyArray<[string, string, string]> = [
  ['cpuinfo_cur_freq', 'node_cpu_frequency_hertz', 'Current CPU thread frequency in hertz.'],
  ['cpuinfo_avg_freq', 'node_cpu_frequency_avg_hertz', 'Average CPU thread frequency in hertz.'],
  ['cpuinfo_min_freq', 'node_cpu_frequency_min_hertz', 'Minimum CPU thread frequency in hertz.'],
  ['cpuinfo_max_freq', 'node_cpu_frequency_max_hertz', 'Maximum CPU thread frequency in hertz.'],
  ['scaling_cur_freq', 'node_cpu_scaling_frequency_hertz', 'Current scaled CPU thread frequency in hertz.'],
  [
    'scaling_min_freq',
    'node_cpu_scaling_frequency_min_hertz',
    'Minimum scaled CPU thread frequency in hertz.',
  ],
  [
    'scaling_max_freq',
    'node_cpu_scaling_frequency_max_hertz',
    'Maximum scaled CPU thread frequency in hertz.',
  ],
];

interface CpuFreq {
  cpu: string;
  /** Hertz by family name; a family is absent when its file is (or is root-only). */
  hertz: Map<string, number>;
  governor: string;
  availableGovernors: string;
}

/**
 * The `cpufreq` collector, from `<sysRoot>/devices/system/cpu/cpuN/cpufreq` of every online
 * CPU: `node_cpu_frequency_{hertz,avg_hertz,min_hertz,max_hertz}` (cpuinfo_*, the hardware's
 * view) and `node_cpu_scaling_frequency_{hertz,min_hertz,max_hertz}` (the governor's), gauges
 * in hertz (sysfs says kHz), and `node_cpu_scaling_governor{cpu,governor}`, 1 for the active
 * governor and 0 for each other available one. cpuinfo_cur_freq is root-only: without root
 * node_cpu_frequency_hertz is missing, as in node_exporter.
 *
 * As in node_exporter, CPUs without a cpufreq directory (most VMs) are skipped and the
 * collector succeeds with no series; a missing `cpu/offline` file or a value that is not a
 * number fails it.
 */
export class CpufreqCollector implements Collector {
  readonly name = 'cpufreq';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const base = join(ctx.sysRoot, 'devices', 'system', 'cpu');
    const dirs = (await listDirectory(base)).filter((d) => CPU_DIR_RE.test(d));
    const offlinePath = join(base, 'offline');
    const offline = new Set(parseCpuList(await readText(offlinePath), offlinePath));
    const online = dirs.filter((d) => !offline.has(Number(d.slice(3))));
    if (online.length === 0) {
      throw new CollectorReadError(join(base, 'cpu[0-9]*'), new Error('no online CPU directories'));
    }
    const cpus = await Promise.all(online.map((d) => readCpuFreq(join(base, d, 'cpufreq'), d.slice(3))));
    const builder = new FamilyBuilder();
    for (const cpu of cpus) {
      if (cpu === undefined) continue;
      for (const [, name, help] of FREQUENCIES) {
        const hz = cpu.hertz.get(name);
        if (hz !== undefined) builder.add(name, help, 'gauge', { cpu: cpu.cpu }, hz);
      }
      if (cpu.governor === '') continue;
      for (const governor of cpu.availableGovernors.split(' ')) {
        builder.add(
          'node_cpu_scaling_governor',
          'Current enabled CPU frequency governor.',
          'gauge',
          { cpu: cpu.cpu, governor },
          governor === cpu.governor ? 1 : 0,
        );
      }
    }
    return builder.build();
  }
}

/** One CPU's cpufreq directory; undefined when the CPU has none. */
async function readCpuFreq(dir: string, cpu: string): Promise<CpuFreq | undefined> {
  try {
    await stat(dir);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw new CollectorReadError(dir, err);
  }
  const hertz = new Map<string, number>();
  await Promise.all(
    FREQUENCIES.map(async ([file, name]) => {
      const khz = await readOptionalUnsigned(join(dir, file));
      if (khz !== undefined) hertz.set(name, khz * 1000.0);
    }),
  );
  // Read as procfs' SysReadFile reads them (one read, trimmed); either missing fails, as there.
  const [availableGovernors, governor] = await Promise.all([
    readSysFile(join(dir, 'scaling_available_governors')),
    readSysFile(join(dir, 'scaling_governor')),
  ]);
  return { cpu, hertz, governor, availableGovernors };
}

/** A kHz attribute; undefined when absent or root-only, which procfs skips too. */
async function readOptionalUnsigned(path: string): Promise<number | undefined> {
  try {
    return await readUnsigned(path);
  } catch (err) {
    if (isNotFound(err) || errorCode(err) === 'EACCES' || errorCode(err) === 'EPERM') return undefined;
    throw err;
  }
}

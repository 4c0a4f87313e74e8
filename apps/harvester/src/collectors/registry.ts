import { InvalidInputError } from '@seahawks/model';
import type { Collector } from './collector.js';
import { ConntrackCollector } from './conntrack.js';
import { CpuCollector, type CpuOptions } from './cpu.js';
import { CpufreqCollector } from './cpufreq.js';
import { DiskstatsCollector, type DiskstatsOptions } from './diskstats.js';
import { EntropyCollector } from './entropy.js';
import { FilefdCollector } from './filefd.js';
import { FilesystemCollector, type FilesystemOptions } from './filesystem.js';
import { HwmonCollector, type HwmonOptions } from './hwmon.js';
import { LoadavgCollector } from './loadavg.js';
import { MeminfoCollector } from './meminfo.js';
import { NetclassCollector, type NetclassOptions } from './netclass.js';
import { NetdevCollector, type NetdevOptions } from './netdev.js';
import { NetstatCollector, type NetstatOptions } from './netstat.js';
import { OsCollector, type OsOptions } from './os.js';
import { PressureCollector } from './pressure.js';
import { ProcessesCollector } from './processes.js';
import { SockstatCollector, type SockstatOptions } from './sockstat.js';
import { StatCollector } from './stat.js';
import { TextfileCollector, type TextfileOptions } from './textfile.js';
import { ThermalZoneCollector } from './thermal-zone.js';
import { TimeCollector, type TimeOptions } from './time.js';
import { TimexCollector } from './timex.js';
import { UnameCollector } from './uname.js';
import { VmstatCollector, type VmstatOptions } from './vmstat.js';

/** Per-collector options, keyed by collector name; absent means node_exporter's defaults. */
export interface CollectorOptions {
  cpu?: CpuOptions;
  diskstats?: DiskstatsOptions;
  filesystem?: FilesystemOptions;
  hwmon?: HwmonOptions;
  netclass?: NetclassOptions;
  netdev?: NetdevOptions;
  netstat?: NetstatOptions;
  os?: OsOptions;
  sockstat?: SockstatOptions;
  textfile?: TextfileOptions;
  time?: TimeOptions;
  vmstat?: VmstatOptions;
}

/** How to build one collector: its name, whether it runs unless switched off, and a factory. */
export interface CollectorDefinition {
  readonly name: string;
  readonly defaultEnabled: boolean;
  /** Builds a fresh instance (collectors may keep state between scrapes). */
  create(options: CollectorOptions): Collector;
}

/**
 * Every collector the harvester has. Adding one is a new file in collectors/ and one line
 * here, like node_exporter's registerCollector() in each file's init().
 */
export const BUILTIN_COLLECTORS: readonly CollectorDefinition[] = [
  { name: 'conntrack', defaultEnabled: true, create: () => new ConntrackCollector() },
  { name: 'cpu', defaultEnabled: true, create: (o) => new CpuCollector(o.cpu) },
  { name: 'cpufreq', defaultEnabled: true, create: () => new CpufreqCollector() },
  { name: 'diskstats', defaultEnabled: true, create: (o) => new DiskstatsCollector(o.diskstats) },
  { name: 'entropy', defaultEnabled: true, create: () => new EntropyCollector() },
  { name: 'filefd', defaultEnabled: true, create: () => new FilefdCollector() },
  { name: 'filesystem', defaultEnabled: true, create: (o) => new FilesystemCollector(o.filesystem) },
  { name: 'hwmon', defaultEnabled: true, create: (o) => new HwmonCollector(o.hwmon) },
  { name: 'loadavg', defaultEnabled: true, create: () => new LoadavgCollector() },
  { name: 'meminfo', defaultEnabled: true, create: () => new MeminfoCollector() },
  { name: 'netclass', defaultEnabled: true, create: (o) => new NetclassCollector(o.netclass) },
  { name: 'netdev', defaultEnabled: true, create: (o) => new NetdevCollector(o.netdev) },
  { name: 'netstat', defaultEnabled: true, create: (o) => new NetstatCollector(o.netstat) },
  { name: 'os', defaultEnabled: true, create: (o) => new OsCollector(o.os) },
  { name: 'pressure', defaultEnabled: true, create: () => new PressureCollector() },
  // Off by default in node_exporter too: it walks every process, the costliest collector.
  { name: 'processes', defaultEnabled: false, create: () => new ProcessesCollector() },
  { name: 'sockstat', defaultEnabled: true, create: (o) => new SockstatCollector(o.sockstat) },
  { name: 'stat', defaultEnabled: true, create: () => new StatCollector() },
  { name: 'textfile', defaultEnabled: true, create: (o) => new TextfileCollector(o.textfile) },
  { name: 'thermal_zone', defaultEnabled: true, create: () => new ThermalZoneCollector() },
  { name: 'time', defaultEnabled: true, create: (o) => new TimeCollector(o.time) },
  // adjtimex(2) is out of Node's reach without a native module: registered, off, and says why.
  { name: 'timex', defaultEnabled: false, create: () => new TimexCollector() },
  { name: 'uname', defaultEnabled: true, create: () => new UnameCollector() },
  { name: 'vmstat', defaultEnabled: true, create: (o) => new VmstatCollector(o.vmstat) },
];

/**
 * Which collectors run, as node_exporter's flags say it: `enable` (`--collector.X`),
 * `disable` (`--no-collector.X`) and `disableDefaults` (`--collector.disable-defaults`,
 * after which only `enable` counts).
 */
export interface CollectorSelection {
  enable?: readonly string[];
  disable?: readonly string[];
  disableDefaults?: boolean;
}

/**
 * Builds the selected collectors, sorted by name. Every name in the selection must be known.
 * @throws InvalidInputError on an unknown or contradictory name, or invalid options.
 */
export function createCollectors(
  selection: CollectorSelection = {},
  options: CollectorOptions = {},
  definitions: readonly CollectorDefinition[] = BUILTIN_COLLECTORS,
): Collector[] {
  const known = new Map<string, CollectorDefinition>();
  for (const d of definitions) {
    if (known.has(d.name))
      throw new InvalidInputError(`cannot register collector "${d.name}": registered twice`);
    known.set(d.name, d);
  }
  const enable = new Set(selection.enable ?? []);
  const disable = new Set(selection.disable ?? []);
  for (const name of [...enable, ...disable]) {
    if (!known.has(name)) {
      const list = [...known.keys()].sort().join(', ');
      throw new InvalidInputError(`cannot select collector "${name}": no such collector (known: ${list})`);
    }
    if (enable.has(name) && disable.has(name)) {
      throw new InvalidInputError(`cannot select collector "${name}": both enabled and disabled`);
    }
  }
  return [...known.values()]
    .filter(
      (d) => enable.has(d.name) || (!disable.has(d.name) && d.defaultEnabled && !selection.disableDefaults),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((d) => d.create(options));
}

import { InvalidInputError } from '@seahawks/model';
import type { Collector } from './collector.js';
import { CpuCollector, type CpuOptions } from './cpu.js';
import { FilesystemCollector, type FilesystemOptions } from './filesystem.js';
import { HwmonCollector, type HwmonOptions } from './hwmon.js';
import { LoadavgCollector } from './loadavg.js';
import { MeminfoCollector } from './meminfo.js';
import { NetdevCollector, type NetdevOptions } from './netdev.js';
import { ThermalZoneCollector } from './thermal-zone.js';

/** Per-collector options, keyed by collector name; absent means node_exporter's defaults. */
export interface CollectorOptions {
  cpu?: CpuOptions;
  filesystem?: FilesystemOptions;
  hwmon?: HwmonOptions;
  netdev?: NetdevOptions;
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
  { name: 'cpu', defaultEnabled: true, create: (o) => new CpuCollector(o.cpu) },
  { name: 'filesystem', defaultEnabled: true, create: (o) => new FilesystemCollector(o.filesystem) },
  { name: 'hwmon', defaultEnabled: true, create: (o) => new HwmonCollector(o.hwmon) },
  { name: 'loadavg', defaultEnabled: true, create: () => new LoadavgCollector() },
  { name: 'meminfo', defaultEnabled: true, create: () => new MeminfoCollector() },
  { name: 'netdev', defaultEnabled: true, create: (o) => new NetdevCollector(o.netdev) },
  { name: 'thermal_zone', defaultEnabled: true, create: () => new ThermalZoneCollector() },
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

import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HWMON_SENSOR_TYPES, cleanHwmonName, explodeSensorFilename } from '../procfs/hwmon.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { DeviceFilter, type FilterPatterns } from './device-filter.js';
import { FamilyBuilder } from './family-builder.js';
import { addSensorSeries } from './hwmon-sensors.js';
import { CollectorReadError, isNotFound, readSysAttribute } from './read.js';

/** Options of the hwmon collector (node_exporter's `--collector.hwmon.chip-*` and `sensor-*`). */
export interface HwmonOptions {
  /** Matched against the chip label, e.g. `platform_coretemp_0`. */
  chips?: FilterPatterns;
  /** Matched against `<chip>;<sensor>`, e.g. `platform_coretemp_0;temp3`. */
  sensors?: FilterPatterns;
}

interface HwmonEntry {
  dir: string;
  baseName: string;
  nameFile: string;
}

/**
 * The `hwmon` collector: every sensor under `<sysRoot>/class/hwmon/hwmon*` (temperatures,
 * fans, voltages, currents, power, energy, …) as node_exporter exposes them, plus
 * `node_hwmon_chip_names{chip,chip_name}` and `node_hwmon_sensor_label{chip,sensor,label}`.
 *
 * The `chip` label is node_exporter's stable name, derived from where the `device` symlink
 * resolves (`/sys/devices/platform/coretemp.0` → `platform_coretemp_0`,
 * `…/pci0000:00/0000:00:18.3` → `pci0000:00_0000:00:18_3`), else the `name` file, else
 * `hwmonN`; chips that share a device get their `name` (or `hwmonN`) appended.
 * No /sys/class/hwmon (a VM, a container) yields no families and is not a failure.
 */
export class HwmonCollector implements Collector {
  readonly name = 'hwmon';
  private readonly chipFilter: DeviceFilter;
  private readonly sensorFilter: DeviceFilter;

  /** @throws InvalidInputError when a filter pattern is invalid. */
  constructor(options: HwmonOptions = {}) {
    this.chipFilter = new DeviceFilter(options.chips ?? {}, 'hwmon chips');
    this.sensorFilter = new DeviceFilter(options.sensors ?? {}, 'hwmon sensors');
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const base = join(ctx.sysRoot, 'class', 'hwmon');
    let names: string[];
    try {
      names = (await readdir(base)).sort();
    } catch (err) {
      if (isNotFound(err)) return [];
      throw new CollectorReadError(base, err);
    }
    const entries = (await Promise.all(names.map((n) => describeChip(join(base, n))))).filter(
      (e): e is HwmonEntry => e !== undefined,
    );
    const builder = new FamilyBuilder();
    for (const [entry, chip] of uniqueChipNames(entries)) {
      if (this.chipFilter.ignored(chip)) continue;
      await this.addChip(builder, entry, chip);
    }
    return builder.build();
  }

  private async addChip(builder: FamilyBuilder, entry: HwmonEntry, chip: string): Promise<void> {
    const sensors = await readSensors(entry.dir);
    const chipName = cleanHwmonName(entry.nameFile);
    if (chipName !== '') {
      builder.add(
        'node_hwmon_chip_names',
        'Annotation metric for human-readable chip names',
        'gauge',
        { chip, chip_name: chipName },
        1,
      );
    }
    for (const [sensor, attrs] of sensors) {
      if (this.sensorFilter.ignored(`${chip};${sensor}`)) continue;
      addSensorSeries(builder, chip, sensor, attrs);
    }
  }
}

/** Resolves one /sys/class/hwmon entry; undefined when it is not a directory or has no usable name. */
async function describeChip(dir: string): Promise<HwmonEntry | undefined> {
  try {
    if (!(await stat(dir)).isDirectory()) return undefined;
  } catch {
    // A dangling symlink: the chip went away between readdir and stat; node_exporter skips it too.
    return undefined;
  }
  const nameFile = (await readSysAttribute(join(dir, 'name'))) ?? '';
  const baseName = (await deviceName(dir)) ?? (cleanHwmonName(nameFile) || cleanHwmonName(basename(dir)));
  return baseName === '' ? undefined : { dir, baseName, nameFile };
}

/** `<bus>_<device>` from where `<dir>/device` points, as node_exporter's first choice of chip name. */
async function deviceName(dir: string): Promise<string | undefined> {
  let devicePath: string;
  try {
    devicePath = await realpath(join(dir, 'device'));
  } catch {
    // No device link (virtual chips such as acpitz on some kernels): fall back to the name file.
    return undefined;
  }
  const devName = cleanHwmonName(basename(devicePath));
  const devType = cleanHwmonName(basename(dirname(devicePath)));
  if (devName === '') return undefined;
  return devType === '' ? devName : `${devType}_${devName}`;
}

/**
 * node_exporter's disambiguation: when several hwmon directories derive the same base name
 * (one device exposing two hwmon nodes), each gets `_<name file>` appended, or `_<hwmonN>`
 * when the name file is empty or shared too.
 */
function uniqueChipNames(entries: readonly HwmonEntry[]): Array<[HwmonEntry, string]> {
  const chipCounts = new Map<string, number>();
  const nameCounts = new Map<string, number>();
  for (const e of entries) {
    chipCounts.set(e.baseName, (chipCounts.get(e.baseName) ?? 0) + 1);
    const key = `${e.baseName}\u0000${e.nameFile}`;
    nameCounts.set(key, (nameCounts.get(key) ?? 0) + 1);
  }
  return entries.map((e) => {
    if ((chipCounts.get(e.baseName) ?? 0) <= 1) return [e, e.baseName];
    let suffix = cleanHwmonName(e.nameFile);
    if (suffix === '' || (nameCounts.get(`${e.baseName}\u0000${e.nameFile}`) ?? 0) > 1) {
      suffix = cleanHwmonName(basename(e.dir));
    }
    return [e, `${e.baseName}_${suffix}`];
  });
}

/** Reads the sensor attribute files of a chip directory and of its `device` directory. */
async function readSensors(dir: string): Promise<Map<string, Map<string, string>>> {
  const sensors = new Map<string, Map<string, string>>();
  await addSensorFiles(dir, sensors);
  const device = join(dir, 'device');
  try {
    await stat(device);
  } catch {
    // Most chips have no device directory with sensors in it; nothing more to read.
    return sensors;
  }
  await addSensorFiles(device, sensors);
  return sensors;
}

async function addSensorFiles(dir: string, sensors: Map<string, Map<string, string>>): Promise<void> {
  let files: string[];
  try {
    files = (await readdir(dir)).sort();
  } catch (err) {
    throw new CollectorReadError(dir, err);
  }
  const wanted = files.flatMap((file) => {
    const parts = explodeSensorFilename(file);
    return parts !== undefined && HWMON_SENSOR_TYPES.has(parts.type) ? [{ file, parts }] : [];
  });
  const values = await Promise.all(wanted.map(({ file }) => readSysAttribute(join(dir, file), 'newlines')));
  wanted.forEach(({ parts }, i) => {
    const value = values[i];
    if (value === undefined) return;
    const sensor = `${parts.type}${parts.num}`;
    let attrs = sensors.get(sensor);
    if (attrs === undefined) {
      attrs = new Map();
      sensors.set(sensor, attrs);
    }
    attrs.set(parts.property, value);
  });
}

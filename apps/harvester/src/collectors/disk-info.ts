import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiskstatsLine } from '../procfs/diskstats.js';
import { parseUdevProperties } from '../procfs/udev-data.js';
import { parseGoFloat, parseUnsigned } from '../procfs/values.js';
import { readSysAttribute } from './read.js';
import type { FamilyBuilder } from './family-builder.js';

/** What is known about one block device beyond its counters. */
export interface DiskInfo {
  readonly device: string;
  readonly major: number;
  readonly minor: number;
  /** `1` for a spinning disk, `0` otherwise or when sysfs does not say (node_exporter's default). */
  readonly rotational: '0' | '1';
  /** The udev properties (`E:` lines) of the device; empty when udev has no record of it. */
  readonly udev: ReadonlyMap<string, string>;
}

/**
 * Reads a device's queue/rotational from `<sysRoot>/block/<device>` and its udev record
 * `b<major>:<minor>` from `udevDataPath`. Neither can fail the collector: node_exporter
 * treats an unreadable udev database or queue directory as "nothing known".
 */
export async function readDiskInfo(
  line: DiskstatsLine,
  sysRoot: string,
  udevDataPath: string,
): Promise<DiskInfo> {
  const [rotational, udevText] = await Promise.all([
    readSysAttribute(join(sysRoot, 'block', line.device, 'queue', 'rotational')),
    readUdevRecord(join(udevDataPath, `b${line.major}:${line.minor}`)),
  ]);
  return {
    device: line.device,
    major: line.major,
    minor: line.minor,
    rotational: parseUnsigned(rotational ?? '') === 1 ? '1' : '0',
    udev: parseUdevProperties(udevText ?? ''),
  };
}

async function readUdevRecord(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    // No udev (containers, minimal systems) or no record for this device: node_exporter
    // then labels the device with empty strings, and so do we.
    return undefined;
  }
}

// udev properties → node_disk_ata_* families, exported only for ATA disks (ID_ATA set).
const ATA_FAMILIES: ReadonlyArray<[string, string, string]> = [
  ['ID_ATA_WRITE_CACHE', 'node_disk_ata_write_cache', 'ATA disk has a write cache.'],
  [
    'ID_ATA_WRITE_CACHE_ENABLED',
    'node_disk_ata_write_cache_enabled',
    'ATA disk has its write cache enabled.',
  ],
  [
    'ID_ATA_ROTATION_RATE_RPM',
    'node_disk_ata_rotation_rate_rpm',
    'ATA disk rotation rate in RPMs (0 for SSDs).',
  ],
];

/**
 * Adds node_exporter's info families of one device (gauges of value 1 unless noted):
 * - `node_disk_info{device,major,minor,path,wwn,model,serial,revision,rotational}`, always;
 *   the serial is SCSI_IDENT_SERIAL, else ID_SERIAL_SHORT, else ID_SERIAL (virtio);
 * - `node_disk_filesystem_info{device,type,usage,uuid,version}` when udev knows a filesystem;
 * - `node_disk_device_mapper_info{device,name,uuid,vg_name,lv_name,lv_layer}` for dm devices;
 * - `node_disk_ata_write_cache`, `_write_cache_enabled` and `_rotation_rate_rpm` (their
 *   values, 0 for an SSD's RPM) for ATA disks, each where udev has a number for it.
 */
export function diskInfoFamilies(builder: FamilyBuilder, info: DiskInfo): void {
  const { device, udev } = info;
  const prop = (name: string): string => udev.get(name) ?? '';
  const serial = prop('SCSI_IDENT_SERIAL') || prop('ID_SERIAL_SHORT') || prop('ID_SERIAL');
  builder.add(
    'node_disk_info',
    'Info of /sys/block/<block_device>.',
    'gauge',
    {
      device,
      major: String(info.major),
      minor: String(info.minor),
      path: prop('ID_PATH'),
      wwn: prop('ID_WWN'),
      model: prop('ID_MODEL'),
      serial,
      revision: prop('ID_REVISION'),
      rotational: info.rotational,
    },
    1,
  );
  if (prop('ID_FS_TYPE') !== '') {
    builder.add(
      'node_disk_filesystem_info',
      'Info about disk filesystem.',
      'gauge',
      {
        device,
        type: prop('ID_FS_TYPE'),
        usage: prop('ID_FS_USAGE'),
        uuid: prop('ID_FS_UUID'),
        version: prop('ID_FS_VERSION'),
      },
      1,
    );
  }
  if (prop('DM_NAME') !== '') {
    builder.add(
      'node_disk_device_mapper_info',
      'Info about disk device mapper.',
      'gauge',
      {
        device,
        name: prop('DM_NAME'),
        uuid: prop('DM_UUID'),
        vg_name: prop('DM_VG_NAME'),
        lv_name: prop('DM_LV_NAME'),
        lv_layer: prop('DM_LV_LAYER'),
      },
      1,
    );
  }
  if (prop('ID_ATA') === '') return;
  for (const [property, name, help] of ATA_FAMILIES) {
    // node_exporter skips (and logs) a value it cannot parse; ParseFloat's rules apply.
    const value = parseGoFloat(udev.get(property) ?? '');
    if (value !== undefined) builder.add(name, help, 'gauge', { device }, value);
  }
}

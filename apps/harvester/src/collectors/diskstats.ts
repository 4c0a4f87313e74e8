import { join } from 'node:path';
import { DISKSTATS_COLUMNS, parseDiskstats, type DiskstatsColumn } from '../procfs/diskstats.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { DeviceFilter, withDefaultExclude, type FilterPatterns } from './device-filter.js';
import { diskInfoFamilies, readDiskInfo } from './disk-info.js';
import { FamilyBuilder } from './family-builder.js';
import { readText } from './read.js';

/**
 * node_exporter's default `--collector.diskstats.device-exclude`: RAM disks, zram, loop and
 * floppy devices, and partitions of IDE/SCSI/virtio/Xen disks and NVMe namespaces (whole
 * disks stay; mmcblk and md partitions too).
 */
export const DEFAULT_DISKSTATS_DEVICE_EXCLUDE = '^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$';

/** Options of the diskstats collector. */
export interface DiskstatsOptions {
  /** `--collector.diskstats.device-include/-exclude`; the exclude defaults to DEFAULT_DISKSTATS_DEVICE_EXCLUDE. */
  devices?: FilterPatterns;
  /**
   * The udev database (`--path.udev.data`, node_exporter's default `/run/udev/data`). When
   * unset it is `run/udev/data` beside the proc root, which is /run/udev/data on a host and
   * lets a fixture tree carry its own; when unreadable the udev-derived labels are empty.
   */
  udevDataPath?: string;
}

// Milliseconds to seconds as node_exporter computes it (ticks * 0.001, not ticks / 1000:
// the two differ in the last bit, 3256 ms is 3.2560000000000002 s).
const SECONDS_PER_TICK = 1.0 / 1000.0;
const SECTOR_BYTES = 512;

interface Column {
  name: string;
  help: string;
  type: MetricFamily['type'];
  scale: number;
}

const c = (name: string, help: string, scale = 1, type: MetricFamily['type'] = 'counter'): Column => ({
  name: `node_disk_${name}`,
  help,
  type,
  scale,
});

/** Family of each /proc/diskstats column, with node_exporter's names, HELP texts and units. */
const COLUMNS: Readonly<Record<DiskstatsColumn, Column>> = {
  readsCompleted: c('reads_completed_total', 'The total number of reads completed successfully.'),
  readsMerged: c('reads_merged_total', 'The total number of reads merged.'),
  sectorsRead: c('read_bytes_total', 'The total number of bytes read successfully.', SECTOR_BYTES),
  readTimeMs: c(
    'read_time_seconds_total',
    'The total number of seconds spent by all reads.',
    SECONDS_PER_TICK,
  ),
  writesCompleted: c('writes_completed_total', 'The total number of writes completed successfully.'),
  writesMerged: c('writes_merged_total', 'The number of writes merged.'),
  sectorsWritten: c('written_bytes_total', 'The total number of bytes written successfully.', SECTOR_BYTES),
  writeTimeMs: c(
    'write_time_seconds_total',
    'This is the total number of seconds spent by all writes.',
    SECONDS_PER_TICK,
  ),
  ioInProgress: c('io_now', 'The number of I/Os currently in progress.', 1, 'gauge'),
  ioTimeMs: c('io_time_seconds_total', 'Total seconds spent doing I/Os.', SECONDS_PER_TICK),
  weightedIoTimeMs: c(
    'io_time_weighted_seconds_total',
    'The weighted # of seconds spent doing I/Os.',
    SECONDS_PER_TICK,
  ),
  discardsCompleted: c('discards_completed_total', 'The total number of discards completed successfully.'),
  discardsMerged: c('discards_merged_total', 'The total number of discards merged.'),
  // Sectors, not bytes: node_exporter's unit for this one.
  sectorsDiscarded: c('discarded_sectors_total', 'The total number of sectors discarded successfully.'),
  discardTimeMs: c(
    'discard_time_seconds_total',
    'This is the total number of seconds spent by all discards.',
    SECONDS_PER_TICK,
  ),
  flushesCompleted: c('flush_requests_total', 'The total number of flush requests completed successfully'),
  flushTimeMs: c(
    'flush_requests_time_seconds_total',
    'This is the total number of seconds spent by all flush requests.',
    SECONDS_PER_TICK,
  ),
};

/**
 * The `diskstats` collector: per block device of /proc/diskstats (minus the excluded ones),
 * the `node_disk_*` families of every column the kernel prints (discards from 4.18, flushes
 * from 5.5), counters as read, in node_exporter's units: bytes for read/written sectors
 * (512 bytes each), seconds for times, sectors for discards. Also `node_disk_info` and, where
 * udev knows the device, `node_disk_filesystem_info`, `node_disk_device_mapper_info` and
 * `node_disk_ata_*` (see disk-info.ts).
 */
export class DiskstatsCollector implements Collector {
  readonly name = 'diskstats';
  private readonly filter: DeviceFilter;
  private readonly udevDataPath: string | undefined;

  /** @throws InvalidInputError when a device pattern is invalid or both are set. */
  constructor(options: DiskstatsOptions = {}) {
    this.filter = new DeviceFilter(
      withDefaultExclude(options.devices, DEFAULT_DISKSTATS_DEVICE_EXCLUDE),
      'diskstats devices',
    );
    this.udevDataPath = options.udevDataPath;
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const lines = parseDiskstats(await readText(join(ctx.procRoot, 'diskstats'))).filter(
      (line) => !this.filter.ignored(line.device),
    );
    const udev = this.udevDataPath ?? join(ctx.procRoot, '..', 'run', 'udev', 'data');
    const infos = await Promise.all(lines.map((line) => readDiskInfo(line, ctx.sysRoot, udev)));
    const builder = new FamilyBuilder();
    for (const [i, line] of lines.entries()) {
      diskInfoFamilies(builder, infos[i]!);
      for (const [k, value] of line.stats.entries()) {
        const column = COLUMNS[DISKSTATS_COLUMNS[k]!];
        builder.add(column.name, column.help, column.type, { device: line.device }, value * column.scale);
      }
    }
    return builder.build();
  }
}

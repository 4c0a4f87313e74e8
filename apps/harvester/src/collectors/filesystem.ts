import { statfs as nodeStatfs } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMounts, type MountEntry } from '../procfs/mounts.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { DeviceFilter, withDefaultExclude, type FilterPatterns } from './device-filter.js';
import { FamilyBuilder } from './family-builder.js';
import { MountStatter, type StatfsFunction } from './mount-stat.js';
import { CollectorReadError, errorCode, isNotFound, readText } from './read.js';

/** node_exporter's default `--collector.filesystem.mount-points-exclude` (Linux, 1.10+). */
export const DEFAULT_MOUNT_POINTS_EXCLUDE =
  '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)';

/** node_exporter's default `--collector.filesystem.fs-types-exclude` (Linux, 1.10+). */
export const DEFAULT_FS_TYPES_EXCLUDE =
  '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$';

/** Options of the filesystem collector; every field has node_exporter's default. */
export interface FilesystemOptions {
  mountPoints?: FilterPatterns;
  fsTypes?: FilterPatterns;
  /** statfs(2); `fs.promises.statfs` unless a test injects one. */
  statfs?: StatfsFunction;
  /** How long one statfs may take before its mount point reports `mountpoint timeout` (default 5000). */
  timeoutMs?: number;
}

const HELP = {
  node_filesystem_size_bytes: 'Filesystem size in bytes.',
  node_filesystem_free_bytes: 'Filesystem free space in bytes.',
  node_filesystem_avail_bytes: 'Filesystem space available to non-root users in bytes.',
  node_filesystem_files: 'Filesystem total file nodes.',
  node_filesystem_files_free: 'Filesystem total free file nodes.',
  node_filesystem_readonly: 'Filesystem read-only status.',
  node_filesystem_device_error: 'Whether an error occurred while getting statistics for the given device.',
} as const;

/** A mount that passed the filters, with its mount point as labelled (rootfs prefix stripped). */
interface SelectedMount {
  mount: MountEntry;
  mountPoint: string;
}

/**
 * The `filesystem` collector: size, free, avail, files, files_free, readonly and device_error
 * per mount, labelled `device, mountpoint, fstype, device_error` as in node_exporter 1.8+.
 * Mounts come from `<procRoot>/1/mounts` (the host's view from inside a container with
 * hostPID), or `<procRoot>/mounts` when PID 1 is hidden; node_exporter's default exclusions
 * apply; each mount is statted at `<rootfs>/<mountpoint>`. A statfs that fails or hangs
 * marks only its mount (`device_error` 1, the reason in the `device_error` label, no size
 * series), never the collector.
 */
export class FilesystemCollector implements Collector {
  readonly name = 'filesystem';
  private readonly mountPointFilter: DeviceFilter;
  private readonly fsTypeFilter: DeviceFilter;
  private readonly statter: MountStatter;

  /** @throws InvalidInputError when a filter pattern is invalid. */
  constructor(options: FilesystemOptions = {}) {
    this.mountPointFilter = new DeviceFilter(
      withDefaultExclude(options.mountPoints, DEFAULT_MOUNT_POINTS_EXCLUDE),
      'filesystem mount points',
    );
    this.fsTypeFilter = new DeviceFilter(
      withDefaultExclude(options.fsTypes, DEFAULT_FS_TYPES_EXCLUDE),
      'filesystem types',
    );
    this.statter = new MountStatter(
      options.statfs ?? ((path) => nodeStatfs(path)),
      options.timeoutMs ?? 5000,
    );
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const selected = this.select(await readMounts(ctx.procRoot), ctx.rootfs);
    const stats = await Promise.all(
      selected.map(({ mountPoint }) => this.statter.stat(mountPoint, rootfsPath(ctx.rootfs, mountPoint))),
    );
    const builder = new FamilyBuilder();
    const add = (name: keyof typeof HELP, labels: Record<string, string>, value: number): void => {
      builder.add(name, HELP[name], 'gauge', labels, value);
    };
    selected.forEach(({ mount, mountPoint }, i) => {
      const stat = stats[i]!;
      const labels = {
        device: mount.device,
        mountpoint: mountPoint,
        fstype: mount.fsType,
        device_error: stat.ok ? '' : stat.error,
      };
      add('node_filesystem_device_error', labels, stat.ok ? 0 : 1);
      add('node_filesystem_readonly', labels, isReadOnly(mount.options) ? 1 : 0);
      if (!stat.ok) return;
      const s = stat.stats;
      add('node_filesystem_size_bytes', labels, s.blocks * s.bsize);
      add('node_filesystem_free_bytes', labels, s.bfree * s.bsize);
      add('node_filesystem_avail_bytes', labels, s.bavail * s.bsize);
      add('node_filesystem_files', labels, s.files);
      add('node_filesystem_files_free', labels, s.ffree);
    });
    return builder.build();
  }

  /** Applies the filters and drops repeats: a path mounted twice the same way is exposed once. */
  private select(mounts: readonly MountEntry[], rootfs: string): SelectedMount[] {
    const seen = new Set<string>();
    const selected: SelectedMount[] = [];
    for (const mount of mounts) {
      const mountPoint = rootfsStripPrefix(mount.mountPoint, rootfs);
      if (this.mountPointFilter.ignored(mountPoint) || this.fsTypeFilter.ignored(mount.fsType)) continue;
      const key = JSON.stringify([mount.device, mountPoint, mount.fsType]);
      if (seen.has(key)) continue;
      seen.add(key);
      selected.push({ mount, mountPoint });
    }
    return selected;
  }
}

/** Reads `<procRoot>/1/mounts`, falling back to `<procRoot>/mounts` when PID 1 is hidden (hidepid). */
async function readMounts(procRoot: string): Promise<MountEntry[]> {
  try {
    return parseMounts(await readText(join(procRoot, '1', 'mounts')));
  } catch (err) {
    if (!(err instanceof CollectorReadError) || !(isNotFound(err) || errorCode(err) === 'EACCES')) throw err;
    return parseMounts(await readText(join(procRoot, 'mounts')));
  }
}

/**
 * node_exporter's rootfsStripPrefix: with `--path.rootfs=/host`, a mount listed as
 * `/host/data` is labelled (and statted at `/host` + `/data`) as `/data`. With rootfs `/`
 * nothing changes.
 */
export function rootfsStripPrefix(mountPoint: string, rootfs: string): string {
  const root = rootfs.replace(/\/+$/, '');
  if (root === '') return mountPoint;
  // Unlike Go's TrimPrefix, /hostile is not under /host.
  if (mountPoint === root) return '/';
  return mountPoint.startsWith(`${root}/`) ? mountPoint.slice(root.length) : mountPoint;
}

/** `<rootfs>/<mountPoint>` without a trailing slash, as Go's filepath.Join cleans it. */
function rootfsPath(rootfs: string, mountPoint: string): string {
  const path = join(rootfs, mountPoint);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Read-only when the options say `ro`, or the superblock went `emergency_ro` after an error. */
function isReadOnly(options: readonly string[]): boolean {
  return options.includes('ro') || options.includes('emergency_ro');
}

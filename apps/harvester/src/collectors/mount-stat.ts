import { errorCode } from './read.js';

/** The fields of statfs(2) the filesystem collector reads; `fs.promises.statfs` returns them. */
export interface StatfsResult {
  /** Block size in bytes (f_bsize, as node_exporter multiplies by). */
  bsize: number;
  blocks: number;
  bfree: number;
  /** Free blocks available to unprivileged users. */
  bavail: number;
  files: number;
  ffree: number;
}

/** statfs(2) of a path; injectable so fixture tests never touch the real machine. */
export type StatfsFunction = (path: string) => Promise<StatfsResult>;

/** The outcome for one mount point: its numbers, or the text node_exporter puts in `device_error`. */
export type MountStat = { ok: true; stats: StatfsResult } | { ok: false; error: string };

/** node_exporter's label value for a mount point whose statfs has not come back. */
export const MOUNT_TIMEOUT_ERROR = 'mountpoint timeout';

/**
 * statfs with node_exporter's protection against hung mounts (a dead NFS server): a call
 * that takes longer than `timeoutMs` reports `mountpoint timeout`, and the mount point stays
 * "stuck" — reported the same way without a new call — until that call returns. That keeps
 * one dead server from tying up another libuv thread every scrape (there are only four by
 * default, shared with every file read of the process).
 */
export class MountStatter {
  private readonly stuck = new Set<string>();

  constructor(
    private readonly statfs: StatfsFunction,
    private readonly timeoutMs: number,
  ) {}

  /** Stats `path` on behalf of `mountPoint` (the key for stuck tracking). Never rejects. */
  async stat(mountPoint: string, path: string): Promise<MountStat> {
    if (this.stuck.has(mountPoint)) return { ok: false, error: MOUNT_TIMEOUT_ERROR };
    const call = this.statfs(path).then(
      (stats): MountStat => ({ ok: true, stats }),
      (err: unknown): MountStat => ({ ok: false, error: goErrorText(err) }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
    });
    const first = await Promise.race([call, timeout]);
    clearTimeout(timer);
    if (first !== 'timeout') return first;
    this.stuck.add(mountPoint);
    void call.then(() => this.stuck.delete(mountPoint));
    return { ok: false, error: MOUNT_TIMEOUT_ERROR };
  }

  /** Mount points whose statfs is still outstanding, for tests and diagnostics. */
  stuckMountPoints(): string[] {
    return [...this.stuck].sort();
  }
}

// Go's syscall.Errno texts for the errors statfs(2) can return, so `device_error` reads as it
// does from node_exporter ("permission denied", not "EACCES").
const GO_ERRNO_TEXT: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  EINTR: 'interrupted system call',
  ENOMEM: 'cannot allocate memory',
  ENOSYS: 'function not implemented',
  EOVERFLOW: 'value too large for defined data type',
  ENOTCONN: 'transport endpoint is not connected',
  ESTALE: 'stale NFS file handle',
  ETIMEDOUT: 'connection timed out',
  EHOSTDOWN: 'host is down',
  EHOSTUNREACH: 'no route to host',
  ENODEV: 'no such device',
  ENXIO: 'no such device or address',
  EAGAIN: 'resource temporarily unavailable',
};

/** The text Go's `err.Error()` gives for a failed syscall; falls back to the code, then the message. */
export function goErrorText(err: unknown): string {
  const code = errorCode(err);
  if (code !== undefined) return GO_ERRNO_TEXT[code] ?? code;
  return err instanceof Error ? err.message : String(err);
}

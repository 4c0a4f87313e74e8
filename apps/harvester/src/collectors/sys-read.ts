import { closeSync, openSync, readSync } from 'node:fs';
import { CollectorReadError, errorCode } from './read.js';

/** procfs' SysReadFile reads at most this many bytes; longer attributes are cut, as there. */
export const SYS_READ_LIMIT = 128;

/**
 * Reads a sysfs attribute as procfs' SysReadFile does: one read of at most 128 bytes, not
 * a loop (some drivers answer EAGAIN forever), decoded as UTF-8, surrounding whitespace
 * trimmed.
 * @throws CollectorReadError (with the Node.js error as cause) when it cannot be read.
 */
export function readSysFile(path: string): Promise<string> {
  // Synchronous, as readText: network-class, cpufreq and clocksource attributes are answered
  // from kernel memory, and an asynchronous read costs more than the read itself.
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(SYS_READ_LIMIT);
    const bytesRead = readSync(fd, buffer, 0, SYS_READ_LIMIT, null);
    return Promise.resolve(buffer.toString('utf8', 0, bytesRead).trim());
  } catch (err) {
    return Promise.reject(new CollectorReadError(path, err));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Errors procfs' net class reader ignores: the attribute does not exist, may not be read,
 * or the driver refuses it right now (`speed` and `duplex` of a virtual or down device
 * answer EINVAL, `phys_port_id` EOPNOTSUPP).
 */
const IGNORABLE = new Set(['ENOENT', 'EACCES', 'EPERM', 'EINVAL', 'EOPNOTSUPP', 'ENOTSUP']);

/**
 * Reads an attribute whose absence is normal: resolves undefined on the errors procfs
 * ignores (see IGNORABLE) and rejects on the others (EIO, ENODATA, …), which make
 * node_exporter fail the collector too.
 * @throws CollectorReadError on an error that is not ignorable.
 */
export async function readOptionalSysFile(path: string): Promise<string | undefined> {
  try {
    return await readSysFile(path);
  } catch (err) {
    const code = errorCode(err);
    if (code !== undefined && IGNORABLE.has(code)) return undefined;
    throw err;
  }
}

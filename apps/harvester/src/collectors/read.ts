import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InvalidInputError, SeahawksError, describeError } from '@seahawks/model';
import { parseUnsigned, quoteLine } from '../procfs/values.js';

/**
 * File access for collectors: the one place that turns a failed read into a typed error
 * (`cannot read /proc/stat: ENOENT: …`), and that decides which failures mean "this machine
 * has no such thing" rather than "something is wrong".
 */

/** Raised when a file a collector needs cannot be read; `cause` is the Node.js error. */
export class CollectorReadError extends SeahawksError {
  constructor(path: string, cause: unknown) {
    // Node.js repeats the path (`ENOENT: no such file or directory, open '/proc/x'`); say it once.
    const reason = describeError(cause).replace(/, \w+ '.*'$/s, '');
    super('collector_read_failed', `cannot read ${path}: ${reason}`, { cause });
  }
}

/**
 * node_exporter's ErrNoData: what the collector reads does not exist on this machine (the
 * conntrack module is not loaded, the kernel has no PSI). It fails the collector as any error
 * does, because node_exporter reports `node_scrape_collector_success 0` for it, but it is
 * expected: callers should log it quietly (node_exporter logs it at debug level); see isNoData.
 */
export class CollectorNoDataError extends SeahawksError {
  /** `what` is the object, e.g. `conntrack statistics`; the message reads `cannot collect <what>: <reason>`. */
  constructor(what: string, reason: string, options?: { cause?: unknown }) {
    super('collector_no_data', `cannot collect ${what}: ${reason}`, options);
  }
}

/** True for a CollectorNoDataError: the collector failed only because its source is absent. */
export function isNoData(err: unknown): boolean {
  return err instanceof SeahawksError && err.code === 'collector_no_data';
}

/**
 * Reads a whole text file as UTF-8 (invalid bytes become U+FFFD, as Go's ToValidUTF8 makes them).
 * Synchronously on purpose: /proc and /sys files are generated in memory by the kernel and read
 * in microseconds, while each asynchronous read costs several hand-offs to libuv's threads —
 * measured, the larger part of a collection's CPU. (Attributes that talk to hardware, such as
 * hwmon sensors on I2C, go through readSysAttribute, which stays asynchronous.)
 */
export function readText(path: string): Promise<string> {
  try {
    return Promise.resolve(readFileSync(path, 'utf8'));
  } catch (err) {
    return Promise.reject(new CollectorReadError(path, err));
  }
}

/** The Node.js error code of a failed fs call (`ENOENT`, `EACCES`, …), or undefined. */
export function errorCode(err: unknown): string | undefined {
  if (err instanceof SeahawksError) return errorCode(err.cause);
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return undefined;
}

/** True when the error says the path (or a parent) does not exist. */
export function isNotFound(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Reads a small sysfs attribute. `trim` says what to strip: `space` (procfs' SysReadFile) or
 * only `newlines` (node_exporter's hwmon reader, which then refuses `" 42"` as a number).
 * Resolves undefined when the attribute cannot be read at all: sysfs attributes come and go
 * with drivers, and many answer EIO, EAGAIN, ENODATA or EINVAL while a device sleeps;
 * node_exporter skips such attributes too.
 */
export async function readSysAttribute(
  path: string,
  trim: 'space' | 'newlines' = 'space',
): Promise<string | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch {
    // Absent or unreadable right now: the caller skips this one attribute, nothing failed.
    return undefined;
  }
  return trim === 'space' ? raw.trim() : raw.replace(/^\n+|\n+$/g, '');
}

/** Lists a directory's entry names, sorted; an absent directory lists as empty. */
export function listDirectory(path: string): Promise<string[]> {
  // Synchronous for the reason readText is: directory listings of /proc and /sys are in memory.
  try {
    return Promise.resolve(readdirSync(path).sort());
  } catch (err) {
    if (isNotFound(err)) return Promise.resolve([]);
    return Promise.reject(new CollectorReadError(path, err));
  }
}

/**
 * Reads a file holding one unsigned decimal integer (`/proc/sys/kernel/pid_max`), as procfs'
 * ReadUintFromFile does: white space around it is trimmed, anything else is refused.
 * @throws CollectorReadError when the file cannot be read (see isNotFound), InvalidInputError
 * when it does not hold such a number.
 */
export async function readUnsigned(path: string): Promise<number> {
  const text = (await readText(path)).trim();
  const value = parseUnsigned(text);
  if (value === undefined) {
    throw new InvalidInputError(`cannot parse ${path}: ${quoteLine(text)} is not an unsigned integer`);
  }
  return value;
}

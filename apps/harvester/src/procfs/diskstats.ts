import { fields, parseError, parseUnsigned, quoteLine } from './values.js';

/**
 * The statistics columns of /proc/diskstats after major, minor and name, in the kernel's
 * order (Documentation/admin-guide/iostats.rst). Times are milliseconds, sectors are 512
 * bytes whatever the device's block size. Kernels before 4.18 print the first 11, 4.18+ add
 * the four discard columns, 5.5+ the two flush columns.
 */
export const DISKSTATS_COLUMNS = [
  'readsCompleted',
  'readsMerged',
  'sectorsRead',
  'readTimeMs',
  'writesCompleted',
  'writesMerged',
  'sectorsWritten',
  'writeTimeMs',
  'ioInProgress',
  'ioTimeMs',
  'weightedIoTimeMs',
  'discardsCompleted',
  'discardsMerged',
  'sectorsDiscarded',
  'discardTimeMs',
  'flushesCompleted',
  'flushTimeMs',
] as const;

export type DiskstatsColumn = (typeof DISKSTATS_COLUMNS)[number];

/** One device line of /proc/diskstats. */
export interface DiskstatsLine {
  readonly major: number;
  readonly minor: number;
  readonly device: string;
  /**
   * The statistics in DISKSTATS_COLUMNS order, as many as the line has (11 to 17); columns
   * beyond the seventeenth, which a future kernel may add, are ignored.
   */
  readonly stats: readonly number[];
}

// procfs reads a line with Sscanf and keeps it when at least 14 items (major, minor, name
// and 11 statistics) scanned: shorter lines are the 4-column partition format of 2.6.x.
const MIN_STATS = 11;

/**
 * Parses /proc/diskstats as node_exporter's procfs does: blank and short lines are skipped,
 * a token that is not a number where one is expected fails the whole file.
 * @throws InvalidInputError naming the line when a line is malformed.
 */
export function parseDiskstats(text: string): DiskstatsLine[] {
  const out: DiskstatsLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const parts = fields(line);
    if (parts.length === 0) continue;
    const major = parseUnsigned(parts[0]!);
    const minor = parts[1] === undefined ? 0 : parseUnsigned(parts[1]);
    if (major === undefined || minor === undefined) {
      throw parseError('/proc/diskstats', i + 1, `bad device number in ${quoteLine(line)}`);
    }
    const stats: number[] = [];
    for (const [c, token] of parts.slice(3, 3 + DISKSTATS_COLUMNS.length).entries()) {
      const value = parseUnsigned(token);
      if (value === undefined) {
        throw parseError('/proc/diskstats', i + 1, `bad ${DISKSTATS_COLUMNS[c]} in ${quoteLine(line)}`);
      }
      stats.push(value);
    }
    if (stats.length < MIN_STATS) continue;
    out.push({ major, minor, device: parts[2]!, stats });
  }
  return out;
}

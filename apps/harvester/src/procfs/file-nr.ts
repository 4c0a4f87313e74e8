import { parseError, parseGoFloat, quoteLine } from './values.js';

/** /proc/sys/fs/file-nr: the kernel's file handle counts. */
export interface FileNr {
  /** File handles allocated (in use) now. */
  readonly allocated: number;
  /** The limit, fs.file-max. */
  readonly maximum: number;
}

/**
 * Parses /proc/sys/fs/file-nr, `550\t0\t2466165`: allocated, free (always 0 since Linux 2.6)
 * and maximum, separated by tabs. As in node_exporter, only tabs separate: the kernel writes
 * nothing else, and a file that differs is refused rather than guessed at.
 * @throws InvalidInputError when there are fewer than three values or one is not a number.
 */
export function parseFileNr(text: string): FileNr {
  const line = text.trim();
  const parts = line.split('\t');
  if (parts.length < 3) {
    throw parseError('/proc/sys/fs/file-nr', 1, `expected 3 tab-separated values, got ${quoteLine(line)}`);
  }
  const allocated = parseGoFloat(parts[0]!);
  const maximum = parseGoFloat(parts[2]!);
  if (allocated === undefined || maximum === undefined) {
    throw parseError('/proc/sys/fs/file-nr', 1, `bad value in ${quoteLine(line)}`);
  }
  return { allocated, maximum };
}

import { fields, parseError, quoteLine } from './values.js';

/**
 * The netfilter conntrack counters node_exporter exports, summed over CPUs. The kernel
 * keeps them per CPU and prints one hexadecimal line per CPU in /proc/net/stat/nf_conntrack.
 */
export interface ConntrackStat {
  readonly found: number;
  readonly invalid: number;
  readonly ignore: number;
  readonly insert: number;
  readonly insertFailed: number;
  readonly drop: number;
  readonly earlyDrop: number;
  /** 0 on kernels before 2.6.35, whose lines have 16 columns instead of 17. */
  readonly searchRestart: number;
}

// Column positions, stable since 2.6.35 even where the kernel renamed a column (searched
// became clashres, delete_list became chainlength in 5.x), which is why procfs and this
// parser go by position and never read the header.
const COLUMNS: Readonly<Record<keyof ConntrackStat, number>> = {
  found: 2,
  invalid: 4,
  ignore: 5,
  insert: 8,
  insertFailed: 9,
  drop: 10,
  earlyDrop: 11,
  searchRestart: 16,
};

const HEX_RE = /^[0-9a-fA-F]+$/;

/**
 * Parses /proc/net/stat/nf_conntrack: the first line is a header and skipped, every other
 * non-blank line must have 16 or 17 hexadecimal numbers. Sums wrap at 2^64 as procfs'
 * uint64 sums do, and are computed exactly before conversion to a double.
 * @throws InvalidInputError naming the line when a line is malformed.
 */
export function parseConntrackStat(text: string): ConntrackStat {
  const sums = new Map<keyof ConntrackStat, bigint>();
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const parts = fields(lines[i]!);
    if (parts.length === 0) continue;
    if (parts.length < 16 || parts.length > 17) {
      throw parseError(
        '/proc/net/stat/nf_conntrack',
        i + 1,
        `expected 16 or 17 columns, got ${parts.length} in ${quoteLine(lines[i]!)}`,
      );
    }
    if (!parts.every((p) => HEX_RE.test(p))) {
      throw parseError('/proc/net/stat/nf_conntrack', i + 1, `bad hex number in ${quoteLine(lines[i]!)}`);
    }
    for (const [key, column] of Object.entries(COLUMNS) as Array<[keyof ConntrackStat, number]>) {
      const cell = parts[column];
      if (cell === undefined) continue;
      sums.set(key, BigInt.asUintN(64, (sums.get(key) ?? 0n) + BigInt(`0x${cell}`)));
    }
  }
  const total = (key: keyof ConntrackStat): number => Number(sums.get(key) ?? 0n);
  return {
    found: total('found'),
    invalid: total('invalid'),
    ignore: total('ignore'),
    insert: total('insert'),
    insertFailed: total('insertFailed'),
    drop: total('drop'),
    earlyDrop: total('earlyDrop'),
    searchRestart: total('searchRestart'),
  };
}

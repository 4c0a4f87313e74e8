import { fields, parseError, parseUnsigned, quoteLine } from './values.js';

/**
 * The sixteen counters of one /proc/net/dev line, named as node_exporter names them
 * (`receive_errs`, `transmit_colls`, …) so a collector can append `_total` and be done.
 * The kernel already folds the detailed error counters into these (frame = length + over +
 * crc + frame errors; carrier = carrier + aborted + window + heartbeat errors; drop includes
 * missed), exactly as node_exporter's netlink path folds them.
 */
export const NET_DEV_COUNTERS = [
  'receive_bytes',
  'receive_packets',
  'receive_errs',
  'receive_drop',
  'receive_fifo',
  'receive_frame',
  'receive_compressed',
  'receive_multicast',
  'transmit_bytes',
  'transmit_packets',
  'transmit_errs',
  'transmit_drop',
  'transmit_fifo',
  'transmit_colls',
  'transmit_carrier',
  'transmit_compressed',
] as const;

export type NetDevCounter = (typeof NET_DEV_COUNTERS)[number];

/** One interface of /proc/net/dev. */
export interface NetDevLine {
  readonly device: string;
  readonly counters: Readonly<Record<NetDevCounter, number>>;
}

/**
 * Parses /proc/net/dev. The two header lines (they contain `|`) are skipped. The name ends
 * at the last colon, because old kernels print `eth0:123` with no space after it.
 * @throws InvalidInputError naming the line when a line is malformed.
 */
export function parseNetDev(text: string): NetDevLine[] {
  const out: NetDevLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.includes('|')) continue;
    const colon = line.lastIndexOf(':');
    const device = colon < 0 ? '' : line.slice(0, colon).trim();
    if (device === '') throw parseError('/proc/net/dev', i + 1, `no interface name in ${quoteLine(line)}`);
    const numbers = fields(line.slice(colon + 1));
    if (numbers.length < NET_DEV_COUNTERS.length) {
      throw parseError(
        '/proc/net/dev',
        i + 1,
        `expected ${NET_DEV_COUNTERS.length} counters, got ${numbers.length} in ${quoteLine(line)}`,
      );
    }
    const counters = {} as Record<NetDevCounter, number>;
    NET_DEV_COUNTERS.forEach((name, f) => {
      const value = parseUnsigned(numbers[f]!);
      if (value === undefined) throw parseError('/proc/net/dev', i + 1, `bad ${name} in ${quoteLine(line)}`);
      counters[name] = value;
    });
    out.push({ device, counters });
  }
  return out;
}

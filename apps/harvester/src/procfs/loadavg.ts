import { fields, parseError, parseGoFloat, quoteLine } from './values.js';

/** /proc/loadavg: run-queue averages over 1, 5 and 15 minutes. */
export interface Loadavg {
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
}

/**
 * Parses /proc/loadavg (`0.09 0.22 0.10 1/93 8012`). Only the three averages are read, as
 * node_exporter does; the scheduling-entity counts and last PID may be absent.
 * @throws InvalidInputError when fewer than three averages parse.
 */
export function parseLoadavg(text: string): Loadavg {
  const firstLine = text.split('\n', 1)[0] ?? '';
  const parts = fields(firstLine);
  if (parts.length < 3) {
    throw parseError('/proc/loadavg', 1, `expected three load averages, got ${quoteLine(firstLine)}`);
  }
  const values = parts.slice(0, 3).map((p) => parseGoFloat(p));
  const [load1, load5, load15] = values;
  if (load1 === undefined || load5 === undefined || load15 === undefined) {
    throw parseError('/proc/loadavg', 1, `bad load average in ${quoteLine(firstLine)}`);
  }
  return { load1, load5, load15 };
}

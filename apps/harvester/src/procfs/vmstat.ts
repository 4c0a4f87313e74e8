import { fields, parseError, parseGoFloat, quoteLine } from './values.js';

/** One line of /proc/vmstat: `pgfault 42045353` is `{ name: 'pgfault', value: 42045353 }`. */
export interface VmstatField {
  readonly name: string;
  readonly value: number;
}

/**
 * Parses /proc/vmstat into its fields, in file order. Values are read as floats, as
 * node_exporter reads them (a few counters are signed and drift below zero on some kernels).
 * Every line must parse, the ones a collector will not export too: node_exporter fails on a
 * bad value before it looks at the name.
 * @throws InvalidInputError naming the line when a line is malformed.
 */
export function parseVmstat(text: string): VmstatField[] {
  const out: VmstatField[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const parts = fields(line);
    if (parts.length === 0) continue;
    if (parts.length < 2) throw parseError('/proc/vmstat', i + 1, `no value in ${quoteLine(line)}`);
    const value = parseGoFloat(parts[1]!);
    if (value === undefined) throw parseError('/proc/vmstat', i + 1, `bad value in ${quoteLine(line)}`);
    out.push({ name: parts[0]!, value });
  }
  return out;
}

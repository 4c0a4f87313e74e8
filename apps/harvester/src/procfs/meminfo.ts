import { fields, parseError, parseGoFloat, quoteLine } from './values.js';

/** One line of /proc/meminfo: `Active(anon):       1552 kB` is `{ key: 'Active(anon)', value: 1552, unit: 'kB' }`. */
export interface MeminfoField {
  /** The name as the kernel writes it, without the colon. */
  readonly key: string;
  readonly value: number;
  /** The unit word (always `kB` in practice, meaning KiB); undefined for counts such as HugePages_Total. */
  readonly unit: string | undefined;
}

/**
 * Parses /proc/meminfo into its fields, in file order. Empty lines are skipped (some
 * CentOS 6 kernels emit them). A line needs a key, a value and at most one unit word.
 * @throws InvalidInputError naming the line when a line is malformed.
 */
export function parseMeminfo(text: string): MeminfoField[] {
  const out: MeminfoField[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const parts = fields(line);
    if (parts.length === 0) continue;
    if (parts.length < 2 || parts.length > 3) {
      throw parseError('/proc/meminfo', i + 1, `expected "Key: value [unit]", got ${quoteLine(line)}`);
    }
    const rawKey = parts[0]!;
    if (!rawKey.endsWith(':') || rawKey.length < 2) {
      throw parseError('/proc/meminfo', i + 1, `key without a colon in ${quoteLine(line)}`);
    }
    const value = parseGoFloat(parts[1]!);
    if (value === undefined) throw parseError('/proc/meminfo', i + 1, `bad value in ${quoteLine(line)}`);
    out.push({ key: rawKey.slice(0, -1), value, unit: parts[2] });
  }
  return out;
}

import { InvalidInputError } from '@seahawks/model';
import { parseUnsigned, quoteLine } from './values.js';

/**
 * Parses the kernel's CPU list format, as in /sys/devices/system/cpu/offline or isolated:
 * `0-3,8,10-11` is [0, 1, 2, 3, 8, 10, 11]. An empty list (a blank line: no CPU is offline)
 * is []. Numbers come back in the order written.
 * @param file the path to name in error messages.
 * @throws InvalidInputError when an entry is not a number or a range of two.
 */
export function parseCpuList(text: string, file: string): number[] {
  const out: number[] = [];
  for (const entry of text.trim().split(',')) {
    if (entry === '') continue;
    const bounds = entry.split('-');
    const first = parseUnsigned(bounds[0] ?? '');
    const last = bounds.length === 2 ? parseUnsigned(bounds[1]!) : first;
    if (bounds.length > 2 || first === undefined || last === undefined) {
      throw new InvalidInputError(`cannot parse ${file}: bad CPU range ${quoteLine(entry)}`);
    }
    for (let cpu = first; cpu <= last; cpu++) out.push(cpu);
  }
  return out;
}

import { parseError, parseGoFloat, parseUnsigned, quoteLine } from './values.js';

/** One line of a /proc/pressure file. */
export interface PressureLine {
  /** Share of time stalled, in percent, averaged over 10 s, 60 s and 300 s. */
  readonly avg10: number;
  readonly avg60: number;
  readonly avg300: number;
  /** Total stall time since boot, in microseconds. */
  readonly totalMicroseconds: number;
}

/**
 * Pressure stall information of one resource. `some`: time at least one task was stalled;
 * `full`: time all non-idle tasks were stalled at once. A line the file lacks is undefined:
 * `cpu` had no `full` line before Linux 5.13, `irq` never has a `some` line.
 */
export interface Pressure {
  readonly some: PressureLine | undefined;
  readonly full: PressureLine | undefined;
}

const LINE_RE = /^(some|full) avg10=(\S+) avg60=(\S+) avg300=(\S+) total=(\S+)/;

/**
 * Parses `/proc/pressure/<resource>` (`some avg10=0.06 avg60=0.21 avg300=0.99 total=8537362`).
 * Lines of an unknown kind are skipped, as procfs does, so a future kernel's additions do
 * not break the collector; a `some` or `full` line must be complete.
 * @param resource `cpu`, `io`, `memory` or `irq`: names the file in error messages.
 * @throws InvalidInputError naming the line when a `some` or `full` line is malformed.
 */
export function parsePressure(text: string, resource: string): Pressure {
  let some: PressureLine | undefined;
  let full: PressureLine | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const kind = line.split(' ', 1)[0];
    if (kind !== 'some' && kind !== 'full') continue;
    const m = LINE_RE.exec(line);
    const avg10 = parseGoFloat(m?.[2] ?? '');
    const avg60 = parseGoFloat(m?.[3] ?? '');
    const avg300 = parseGoFloat(m?.[4] ?? '');
    const totalMicroseconds = parseUnsigned(m?.[5] ?? '');
    if (
      avg10 === undefined ||
      avg60 === undefined ||
      avg300 === undefined ||
      totalMicroseconds === undefined
    ) {
      throw parseError(`/proc/pressure/${resource}`, i + 1, `bad ${kind} line ${quoteLine(line)}`);
    }
    const parsed = { avg10, avg60, avg300, totalMicroseconds };
    if (kind === 'some') some = parsed;
    else full = parsed;
  }
  return { some, full };
}

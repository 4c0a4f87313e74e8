import { fields, parseError, parseSigned, quoteLine } from './values.js';

/** The parts of `/proc/<pid>/stat` (or `/proc/<pid>/task/<tid>/stat`) the processes collector reads. */
export interface PidStat {
  /** The state letter: R running, S sleeping, D disk sleep, Z zombie, T stopped, t traced, I idle, X dead. */
  readonly state: string;
  /** Threads in the thread group (field 20); meaningful on the process's own stat. */
  readonly numThreads: number;
}

// Fields after the `(comm)`: state is the first, num_threads the eighteenth.
const STATE = 0;
const NUM_THREADS = 17;

/**
 * Parses a process or thread stat line. The command name sits in parentheses and may
 * contain blanks and parentheses itself, so it ends at the last `)`, as procfs reads it.
 * @param file the path to name in error messages, e.g. `/proc/1/stat`.
 * @throws InvalidInputError when the line has no `(comm)`, no state, or no thread count.
 */
export function parsePidStat(text: string, file: string): PidStat {
  const line = text.split('\n', 1)[0] ?? '';
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw parseError(file, 1, `no (comm) in ${quoteLine(line)}`);
  const rest = fields(line.slice(close + 1));
  const state = rest[STATE];
  const numThreads = parseSigned(rest[NUM_THREADS] ?? '');
  if (state === undefined || numThreads === undefined) {
    throw parseError(file, 1, `expected a state and a thread count after the name in ${quoteLine(line)}`);
  }
  return { state, numThreads };
}

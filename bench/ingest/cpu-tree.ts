// CPU time of a process and all its descendants (PostgreSQL's backends are the postmaster's
// children; the nester's worker threads are inside its own process), from /proc.
import { readdir, readFile } from 'node:fs/promises';

/** Linux' USER_HZ: /proc reports CPU times in these ticks. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly ppid: number;
  readonly cpuS: number;
}

async function readStat(pid: number): Promise<ProcStat | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    // Processes come and go while the table is read: a vanished one counts no more.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ESRCH')
      return undefined;
    throw err;
  }
  // The command may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), cpuS: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
}

/** CPU seconds (user + system) used so far by `roots` and every live descendant of them. */
export async function treeCpuSeconds(roots: readonly number[]): Promise<number> {
  const stats = new Map<number, ProcStat>();
  for (const name of await readdir('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = await readStat(pid);
    if (stat !== undefined) stats.set(pid, stat);
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (roots.includes(p)) return true;
      p = stats.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let total = 0;
  for (const [pid, stat] of stats) if (inTree(pid)) total += stat.cpuS;
  return total;
}

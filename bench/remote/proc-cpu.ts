// CPU time of a process tree from /proc (Linux only), for per-hop costs that do not depend on how
// busy the machine is: websockify forks one process per connection, so a tree is what counts.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux' USER_HZ: /proc reports CPU times in these ticks (100 on every mainstream platform). */
const TICKS_PER_SECOND = 100;

interface Stat {
  readonly ppid: number;
  /** utime + stime + cutime + cstime, ticks: its own and its reaped children's. */
  readonly ticks: number;
}

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    // Processes come and go between listing /proc and reading them.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ESRCH')
      return undefined;
    throw err;
  }
  // The command name may hold spaces and parentheses: count fields after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number): number => Number(f[i]);
  return { ppid: n(1), ticks: n(11) + n(12) + n(13) + n(14) };
}

/** CPU ms (user + system) used so far by `pid`, its live descendants and the children it reaped. */
export function treeCpuMs(pid: number): number {
  const stats = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) stats.set(Number(name), s);
  }
  const children = new Map<number, number[]>();
  for (const [p, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), p]);
  let ticks = 0;
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.pop()!;
    ticks += stats.get(p)?.ticks ?? 0;
    todo.push(...(children.get(p) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

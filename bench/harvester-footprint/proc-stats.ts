// What /proc says about a process's footprint: CPU time spent and memory held.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** User plus system CPU time of a process, in seconds. */
export interface CpuTime {
  user: number;
  system: number;
  total: number;
}

/** Resident memory of a process, in bytes: now, and the peak since it started. */
export interface Residency {
  rssBytes: number;
  peakRssBytes: number;
}

/** Clock ticks per second of /proc/<pid>/stat's times (sysconf(_SC_CLK_TCK)); 100 on Linux unless `getconf` says otherwise. */
export function clockTicksPerSecond(): number {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(r.stdout?.trim());
  return r.status === 0 && Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
}

/**
 * utime and stime (fields 14 and 15 of /proc/<pid>/stat) in seconds. The command name in
 * field 2 may hold spaces and parentheses, so fields are counted from its closing `)`.
 * @throws Error `cannot read CPU time of <pid>: …` when the process is gone or the line is malformed.
 */
export async function cpuTime(pid: number, ticksPerSecond: number): Promise<CpuTime> {
  const text = await readProc(pid, 'stat');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name, field 3 (state) is index 0, so field N is index N - 3.
  const user = Number(fields[14 - 3]);
  const system = Number(fields[15 - 3]);
  if (!Number.isFinite(user) || !Number.isFinite(system))
    throw new Error(`cannot read CPU time of ${pid}: malformed /proc/${pid}/stat ${JSON.stringify(text)}`);
  return {
    user: user / ticksPerSecond,
    system: system / ticksPerSecond,
    total: (user + system) / ticksPerSecond,
  };
}

/**
 * VmRSS and VmHWM (the resident set's high-water mark since the process started) from
 * /proc/<pid>/status.
 * @throws Error `cannot read memory of <pid>: …` when the process is gone or the fields are missing.
 */
export async function residency(pid: number): Promise<Residency> {
  const text = await readProc(pid, 'status');
  const kib = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (m === null) throw new Error(`cannot read memory of ${pid}: no ${field} in /proc/${pid}/status`);
    return Number(m[1]) * 1024;
  };
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

async function readProc(pid: number, file: string): Promise<string> {
  try {
    return await readFile(`/proc/${pid}/${file}`, 'utf8');
  } catch (err) {
    throw new Error(`cannot read /proc/${pid}/${file}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

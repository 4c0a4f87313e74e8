import { readFile } from 'node:fs/promises';

/** Linux' USER_HZ: /proc reports CPU times in these ticks (100 on every mainstream platform). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * Waits until every process has stayed under `maxShare` of one core for `quietSeconds` in a
 * row, so that background work after a bulk load (the nester's checkpoint, Prometheus' head
 * compaction and WAL checkpoint) does not land inside the timings. Gives up after `maxMs` and
 * says so; never returns before `minMs` (work started by timers needs a tick to begin).
 * Returns how long it waited, ms.
 */
export async function waitForIdle(
  pids: readonly number[],
  opts: { maxShare?: number; quietSeconds?: number; minMs?: number; maxMs?: number } = {},
): Promise<{ waitedMs: number; settled: boolean }> {
  const maxShare = opts.maxShare ?? 0.05;
  const quietSeconds = opts.quietSeconds ?? 5;
  const minMs = opts.minMs ?? 0;
  const maxMs = opts.maxMs ?? 300_000;
  const started = performance.now();
  let quiet = 0;
  let before = await Promise.all(pids.map(cpuSeconds));
  while (performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await Promise.all(pids.map(cpuSeconds));
    const busiest = Math.max(...now.map((c, i) => c - before[i]!));
    before = now;
    quiet = busiest <= maxShare ? quiet + 1 : 0;
    if (quiet >= quietSeconds && performance.now() - started >= minMs)
      return { waitedMs: performance.now() - started, settled: true };
  }
  return { waitedMs: performance.now() - started, settled: false };
}

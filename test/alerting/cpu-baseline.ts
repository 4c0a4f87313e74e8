// How busy this machine's CPUs are, measured as the built-in CpuSaturated rule does (1 minus the
// idle share of node_cpu_seconds_total, iowait counting as busy), straight from /proc/stat. The
// CPU test picks its threshold from it: a rule that watches the whole machine cannot tell
// stress-ng from other work, so the test needs room between the machine's own load and full.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Jiffies of the aggregate `cpu` line: total of user … steal (guest is inside user), and idle. */
async function cpuTimes(): Promise<{ total: number; idle: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('cannot read /proc/stat: no aggregate "cpu" line');
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: f.reduce((a, b) => a + b, 0), idle: f[3]! };
}

/** The busy fraction (0..1) of all CPUs over the next `windowMs`. */
export async function busyFraction(windowMs: number): Promise<number> {
  const a = await cpuTimes();
  await sleep(windowMs);
  const b = await cpuTimes();
  const total = b.total - a.total;
  return total > 0 ? 1 - (b.idle - a.idle) / total : 0;
}

/**
 * Waits for a window of `windowMs` in which the machine is at most `maxBusy` busy and returns
 * that busy fraction. Throws, with every measured window, when none comes within `budgetMs`: on
 * a machine kept saturated by other work the CPU rule is right to fire, and the test cannot
 * show that stress-ng is what makes it fire.
 */
export async function waitForHeadroom(windowMs: number, maxBusy: number, budgetMs: number): Promise<number> {
  const seen: number[] = [];
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    const busy = await busyFraction(windowMs);
    if (busy <= maxBusy) return busy;
    seen.push(busy);
  }
  const pct = seen.map((b) => `${Math.round(b * 100)} %`).join(', ');
  throw new Error(
    `cannot test CpuSaturated: other work kept this machine's CPUs busy above ${Math.round(maxBusy * 100)} % for ${budgetMs / 1000} s (${windowMs / 1000} s windows: ${pct}); the rule is right to fire then, and stress-ng could not be told from the rest`,
  );
}

/**
 * The CpuSaturated threshold for a machine `baseline` busy: halfway between its own load and
 * full, within [0.75, 0.95]. stress-ng on every CPU takes the machine to about 100 %, above
 * either bound. The floor is there because one quiet window says little on a shared machine: a
 * threshold of 51 % after a 2 % window was crossed by other work (63 %) once stress-ng stopped.
 * The harvester and nester of the test (1 s interval) eat into the margin too.
 */
export function thresholdAbove(baseline: number): number {
  return Math.min(0.95, Math.max(0.75, baseline + (1 - baseline) / 2));
}

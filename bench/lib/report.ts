// Helpers for benchmark reports: statistics, formatting, and what the figures were measured on.
import { readFile } from 'node:fs/promises';
import { cpus, release, totalmem } from 'node:os';

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('cannot take the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Geometric mean of positive values: the fair average of ratios. */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('cannot take the geometric mean of no values');
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

export function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

/** Milliseconds with a precision that suits their size: 0.42, 4.2, 42, 420. */
export function formatMs(ms: number): string {
  if (ms < 1) return ms.toFixed(2);
  if (ms < 10) return ms.toFixed(1);
  return ms.toFixed(0);
}

/** A plain-text table with right-aligned numeric columns (every column but the last is padded). */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** What the figures were measured on, for the report. */
export async function describeMachine(): Promise<string> {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const debian = await readFile('/etc/debian_version', 'utf8').then(
    (v) => `Debian ${v.trim()}`,
    () => 'unknown distribution',
  );
  const memGiB = (totalmem() / 1024 ** 3).toFixed(0);
  return `${cpus().length} × ${cpu}, ${memGiB} GiB RAM, ${debian}, Linux ${release()}, Node.js ${process.version}`;
}

/** Resident set size of a process in MiB, from /proc (Linux only); undefined when unreadable. */
export async function rssMiB(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch (err) {
    // The process may have gone: report no figure rather than fail the whole benchmark.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

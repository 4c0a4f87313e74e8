import { formatMs, formatTable, geometricMean, median, sum } from '../lib/report.js';
import type { PairTiming } from '../lib/query-timing.js';

/**
 * The figures of one window: the slowest queries with each engine's median and the ratio,
 * then the totals (sum of medians = one sequential load of the whole dashboard), the median
 * latency over all queries, and the geometric mean of the per-query ratios; for all panel
 * queries and for those that return data.
 */
export function reportWindow(timings: readonly PairTiming[], top: number): string {
  const rows = timings.map((t) => ({ t, p: median(t.baseline), n: median(t.candidate) }));
  const slowest = [...rows].sort((a, b) => b.n + b.p - (a.n + a.p)).slice(0, top);
  const table = formatTable(
    ['prometheus ms', 'nester ms', 'ratio', 'series', 'query'],
    slowest.map((r) => [
      formatMs(r.p),
      formatMs(r.n),
      (r.n / r.p).toFixed(2),
      String(r.t.series),
      r.t.request.expr.replace(/\s+/g, ' ').slice(0, 110),
    ]),
  );
  const lines = [`slowest ${slowest.length} of ${rows.length} (by the two medians together):`, table, ''];
  const summary = (name: string, set: typeof rows): string => {
    if (set.length === 0) return `${name}: none`;
    const p = sum(set.map((r) => r.p));
    const n = sum(set.map((r) => r.n));
    return (
      `${name} (${set.length} queries): sum of medians prometheus ${formatMs(p)} ms, nester ${formatMs(n)} ms, ` +
      `ratio ${(n / p).toFixed(2)}; median query prometheus ${formatMs(median(set.map((r) => r.p)))} ms, ` +
      `nester ${formatMs(median(set.map((r) => r.n)))} ms; geometric mean of ratios ${geometricMean(set.map((r) => r.n / r.p)).toFixed(2)}`
    );
  };
  lines.push(
    summary('all panel queries', rows),
    summary(
      'queries with data',
      rows.filter((r) => r.t.series > 0),
    ),
  );
  const disagreed = timings.filter((t) => !t.agreed);
  const errors = timings.filter((t) => t.error !== undefined);
  lines.push(
    `answers identical: ${timings.length - disagreed.length} of ${timings.length}; errors: ${errors.length}`,
  );
  for (const e of errors.slice(0, 5)) lines.push(`  error: ${e.error}`);
  for (const d of disagreed.slice(0, 5)) lines.push(`  differs: ${d.request.expr}`);
  return lines.join('\n');
}

import { formatMs, formatTable, geometricMean, median, sum } from '../lib/report.js';
import type { QueryTimings } from './timing.js';

/**
 * The figures of one window for Prometheus (`names[0]`) and each nester engine: the slowest
 * queries with each server's median, then per engine the totals against Prometheus (sum of
 * medians = one sequential load of the whole dashboard, ratio), the median latency over all
 * queries, and the geometric mean of the per-query ratios; for all panel queries and for those
 * that return data; and how many answers matched Prometheus'.
 */
export function reportWindow(
  names: readonly string[],
  timings: readonly QueryTimings[],
  top: number,
): string {
  const rows = timings.map((t) => ({ t, med: t.ms.map(median) }));
  const total = (r: (typeof rows)[number]): number => sum(r.med);
  const slowest = [...rows].sort((a, b) => total(b) - total(a)).slice(0, top);
  const candidates = names.slice(1);
  const table = formatTable(
    [...names.map((n) => `${n} ms`), ...candidates.map((n) => `${n} ratio`), 'series', 'query'],
    slowest.map((r) => [
      ...r.med.map(formatMs),
      ...r.med.slice(1).map((m) => (m / r.med[0]!).toFixed(2)),
      String(r.t.series),
      r.t.request.expr.replace(/\s+/g, ' ').slice(0, 100),
    ]),
  );
  const lines = [`slowest ${slowest.length} of ${rows.length} (by the medians together):`, table, ''];
  const summary = (what: string, set: typeof rows): string[] => {
    if (set.length === 0) return [`${what}: none`];
    const base = sum(set.map((r) => r.med[0]!));
    const out = [
      `${what} (${set.length} queries): ${names[0]} sum of medians ${formatMs(base)} ms, median query ` +
        `${formatMs(median(set.map((r) => r.med[0]!)))} ms`,
    ];
    candidates.forEach((name, i) => {
      const k = i + 1;
      const s = sum(set.map((r) => r.med[k]!));
      out.push(
        `  ${name}: sum of medians ${formatMs(s)} ms, ratio ${(s / base).toFixed(2)}; median query ` +
          `${formatMs(median(set.map((r) => r.med[k]!)))} ms; geometric mean of ratios ` +
          `${geometricMean(set.map((r) => r.med[k]! / r.med[0]!)).toFixed(2)}`,
      );
    });
    return out;
  };
  lines.push(
    ...summary('all panel queries', rows),
    ...summary(
      'queries with data',
      rows.filter((r) => r.t.series > 0),
    ),
  );
  candidates.forEach((name, i) => {
    const disagreed = timings.filter((t) => !t.agreed[i]);
    lines.push(
      `${name}: answers identical to ${names[0]}: ${timings.length - disagreed.length} of ${timings.length}`,
    );
    for (const d of disagreed.slice(0, 5)) lines.push(`  differs: ${d.request.expr}`);
  });
  const errors = timings.flatMap((t) => t.errors.filter((e): e is string => e !== undefined));
  lines.push(`errors: ${errors.length}`);
  for (const e of errors.slice(0, 5)) lines.push(`  error: ${e}`);
  return lines.join('\n');
}

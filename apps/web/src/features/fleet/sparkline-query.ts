/**
 * The fleet's CPU sparklines: one range query for a batch of harvesters (the rows on screen),
 * the last hour at a 2-minute step. Busy CPU is 1 − idle / all CPU time: both rates cover the
 * same samples, so a host that joined minutes ago reads right instead of low.
 */
import { quoteLabelValue } from '../../lib/prom-duration';
import { queryRange } from '../../lib/prom-api';

export const SPARK_RANGE_SECONDS = 3600;
export const SPARK_STEP_SECONDS = 120;

function regexEscape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** The query for `names` (one regex matcher on instance). */
export function sparklineQuery(names: readonly string[]): string {
  const sel = `instance=~${quoteLabelValue(names.map(regexEscape).join('|'))}`;
  const rate = (extra: string): string =>
    `sum by (instance) (rate(node_cpu_seconds_total{${extra}${sel}}[4m]))`;
  return `1 - ${rate('mode="idle", ')} / ${rate('')}`;
}

/** Busy-CPU ratios per harvester over the last hour ending at `nowMs`, null where no data. */
export async function loadSparklines(
  names: readonly string[],
  nowMs: number,
  signal: AbortSignal,
): Promise<Map<string, Array<number | null>>> {
  const end = Math.floor(nowMs / 1000 / SPARK_STEP_SECONDS) * SPARK_STEP_SECONDS;
  const start = end - SPARK_RANGE_SECONDS;
  const points = SPARK_RANGE_SECONDS / SPARK_STEP_SECONDS + 1;
  const result = await queryRange(
    { query: sparklineQuery(names), start, end, step: SPARK_STEP_SECONDS },
    signal,
  );
  const out = new Map<string, Array<number | null>>();
  for (const name of names) out.set(name, new Array<number | null>(points).fill(null));
  for (const series of result) {
    const values = out.get(series.metric['instance'] ?? '');
    if (!values) continue;
    for (const [t, v] of series.values) {
      const i = Math.round((t - start) / SPARK_STEP_SECONDS);
      if (i >= 0 && i < points && Number.isFinite(v)) values[i] = Math.min(1, Math.max(0, v));
    }
  }
  return out;
}

import { readFileSync } from 'node:fs';

/** One target expression of the Node Exporter Full dashboard, as the dashboard JSON has it. */
export interface DashboardQuery {
  /** "<row> / <panel title>", to say where a mismatch comes from. */
  readonly panel: string;
  readonly expr: string;
  /** The panel asks for an instant query (stat and gauge panels). */
  readonly instant: boolean;
}

/** Distinct expressions of Node Exporter Full (grafana.com 1860), in panel order; source in the file. */
export function nodeExporterFullQueries(): DashboardQuery[] {
  const url = new URL('./node-exporter-full.queries.json', import.meta.url);
  const doc = JSON.parse(readFileSync(url, 'utf8')) as { queries: DashboardQuery[] };
  return doc.queries;
}

// Grafana's kbn.roundInterval: the interval a panel gets is rounded to one of these steps.
const ROUNDING: ReadonlyArray<readonly [number, number]> = [
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1_500, 1_000],
  [3_500, 2_000],
  [7_500, 5_000],
  [12_500, 10_000],
  [17_500, 15_000],
  [25_000, 20_000],
  [45_000, 30_000],
  [90_000, 60_000],
  [210_000, 120_000],
  [450_000, 300_000],
  [1_050_000, 600_000],
  [2_100_000, 900_000],
  [4_500_000, 1_800_000],
  [9_000_000, 3_600_000],
  [21_600_000, 7_200_000],
];

/**
 * The `$__interval` (and query step) Grafana computes for a panel: the range over the data
 * points, rounded like Grafana does, never below the datasource's scrape interval. In ms.
 */
export function grafanaInterval(rangeMs: number, maxDataPoints = 1000, minIntervalMs = 15_000): number {
  const raw = rangeMs / maxDataPoints;
  const rounded = ROUNDING.find(([below]) => raw < below)?.[1] ?? 21_600_000;
  return Math.max(rounded, minIntervalMs);
}

/** Grafana's `$__rate_interval`: max($__interval + scrape interval, 4 × scrape interval), in ms. */
export function grafanaRateInterval(intervalMs: number, scrapeIntervalMs = 15_000): number {
  return Math.max(intervalMs + scrapeIntervalMs, 4 * scrapeIntervalMs);
}

/** Grafana's Prometheus datasource aligns both ends of a range query down to the step (UTC). */
export function alignRange(fromMs: number, toMs: number, stepMs: number): { start: number; end: number } {
  return { start: Math.floor(fromMs / stepMs) * stepMs, end: Math.floor(toMs / stepMs) * stepMs };
}

/** A PromQL duration such as "1m15s" (Grafana writes the rate interval this way). */
export function promDuration(ms: number): string {
  const units: ReadonlyArray<readonly [string, number]> = [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ];
  let rest = ms;
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out === '' ? '0s' : out;
}

/** Fills the dashboard's template variables as Grafana would for one selected host. */
export function fillVariables(
  expr: string,
  vars: { node: string; job: string; rateIntervalMs: number },
): string {
  return expr
    .replaceAll('$__rate_interval', promDuration(vars.rateIntervalMs))
    .replaceAll('$node', vars.node)
    .replaceAll('$job', vars.job);
}

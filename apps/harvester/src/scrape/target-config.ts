import { InvalidInputError, parseDuration } from '@seahawks/model';
import type { HarvesterConfig } from '../config/schema.js';

/** One target, resolved from `scrapeTargets`: durations in ms, its target labels filled in. */
export interface ScrapeTarget {
  readonly job: string;
  readonly url: string;
  /** ms between scrapes, 1 s to 1 h. */
  readonly intervalMs: number;
  /** ms a scrape may take, fetching and reading the body; at most intervalMs. */
  readonly timeoutMs: number;
  /**
   * The target labels Prometheus would give it: `job`, `instance` (the URL's host:port) and the
   * configured labels, which may override both, as a static_config's labels do.
   */
  readonly labels: Readonly<Record<string, string>>;
  /** Prometheus' honor_labels: the scraped labels win over the target labels. */
  readonly honorLabels: boolean;
  /** Prometheus' sample_limit: a scrape with more samples fails. */
  readonly sampleLimit: number;
}

/** Prometheus' default scrape_timeout; shortened to the interval when that is shorter. */
const DEFAULT_TIMEOUT_MS = 10_000;
const MIN_INTERVAL_MS = 1000;
const MAX_INTERVAL_MS = 3_600_000;

/**
 * Resolves and checks `config.scrapeTargets` (already through the schema): http or https URLs,
 * intervals in 1s..1h (default: the harvester's), timeouts in (0, interval] (default 10s, or
 * the interval when shorter, as Prometheus does), and no two targets with the same `job` and
 * `instance`: their series would be the same series.
 * @throws InvalidInputError `scrapeTargets.N.<field>: <what>` on the first bad target.
 */
export function resolveScrapeTargets(
  config: Pick<HarvesterConfig, 'scrapeTargets' | 'interval'>,
): ScrapeTarget[] {
  const seen = new Set<string>();
  return config.scrapeTargets.map((t, i) => {
    const fail = (field: string, detail: string): never => {
      throw new InvalidInputError(`scrapeTargets.${i}.${field}: ${detail}`);
    };
    const url = new URL(t.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      fail('url', `${t.url} is not http:// or https://`);
    const intervalText = t.interval ?? config.interval;
    const intervalMs = duration(intervalText, (d) => fail('interval', d));
    if (intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS)
      fail('interval', `${intervalText} is outside 1s..1h`);
    const timeoutMs =
      t.timeout === undefined
        ? Math.min(DEFAULT_TIMEOUT_MS, intervalMs)
        : duration(t.timeout, (d) => fail('timeout', d));
    if (timeoutMs <= 0 || timeoutMs > intervalMs)
      fail('timeout', `${t.timeout} is not in (0s, ${intervalText}], the interval`);
    const labels = { job: t.job, instance: targetAddress(url), ...t.labels };
    const key = JSON.stringify([labels.job, labels.instance]);
    if (seen.has(key))
      fail('job', `job ${JSON.stringify(labels.job)} already has a target of instance ${labels.instance}`);
    seen.add(key);
    return {
      job: t.job,
      url: t.url,
      intervalMs,
      timeoutMs,
      labels,
      honorLabels: t.honorLabels,
      sampleLimit: t.sampleLimit,
    };
  });
}

/**
 * The `instance` Prometheus gives a target: its address as host:port, the port made explicit
 * (80 for http, 443 for https) so that it always names one socket.
 */
export function targetAddress(url: URL): string {
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return `${url.hostname}:${port}`;
}

/**
 * The harvester's identity on scraped series: its labels and its `instance` (the node name),
 * which the nester requires on every series a harvester writes. The target's `job` stays
 * (the `job: node` of the node collectors is theirs alone).
 */
export function scrapeIdentity(config: Pick<HarvesterConfig, 'labels' | 'name'>): Record<string, string> {
  const labels = Object.entries(config.labels).filter(([name]) => name !== 'job');
  return { ...Object.fromEntries(labels), instance: config.name };
}

function duration(text: string, fail: (detail: string) => never): number {
  try {
    return parseDuration(text);
  } catch (err) {
    return fail((err as Error).message);
  }
}

import { describeError, STALE_NAN, type Labels } from '@seahawks/model';
import type { CollectedSample } from '../exposition/samples.js';
import { parseOpenMetrics } from '../exposition/openmetrics-parse.js';
import { parseTextFormat, type ParsedSample } from '../exposition/text-parse.js';
import { fetchTarget, ScrapeError, type ScrapeBody } from './fetch-target.js';
import type { ScrapeTarget } from './target-config.js';
import { reportSeriesLabels, scrapedSeriesLabels, type LabelLayers } from './target-labels.js';

/** Levels the scraper logs at; pino's methods of the same names take them. */
export type ScrapeLogger = (level: 'debug' | 'info' | 'warn', message: string) => void;

/** Upper bounds per series, the nester's own (validate.ts): beyond them it refuses the batch. */
const MAX_LABELS = 128;
const MAX_LABEL_VALUE_CHARS = 64 * 1024;

/** What a TargetScraper needs besides its target. */
export interface TargetScraperOptions {
  /** The harvester's identity labels (scrapeIdentity). */
  readonly identity: Readonly<Record<string, string>>;
  /** Monotonic ms for scrape_duration_seconds; default `performance.now`. */
  readonly now?: () => number;
  readonly fetch?: typeof globalThis.fetch;
  readonly maxBodyBytes?: number;
  readonly logger?: ScrapeLogger;
}

/**
 * Scrapes one target, one scrape at a time, and turns each scrape into the samples Prometheus'
 * scrape loop would append: every scraped sample under its series name with the target's and
 * the harvester's labels (scrapedSeriesLabels), a staleness marker (STALE_NAN) for each series
 * of the previous scrape that is missing from this one (all of them when the scrape failed),
 * and `up`, `scrape_duration_seconds` and `scrape_samples_scraped`. Series with their own
 * timestamp keep it and, as in Prometheus, get no staleness markers. A scrape fails whole
 * (`up 0`, nothing of it kept) on any error: unreachable, timeout, not 200, body over the limit,
 * a parse error, more samples than sampleLimit, a series over the nester's label limits. The
 * state (the previous scrape's series) is this object's: one scraper per target.
 */
export class TargetScraper {
  private previous = new Map<string, Labels>();
  private lastError: string | undefined;
  private readonly layers: LabelLayers;

  constructor(
    readonly target: ScrapeTarget,
    private readonly options: TargetScraperOptions,
  ) {
    this.layers = { target: target.labels, honorLabels: target.honorLabels, identity: options.identity };
  }

  /**
   * Scrapes once; `timestampMs` stamps the samples without a timestamp of their own, the
   * staleness markers and the report series. Never rejects: a failure is `up 0`.
   */
  async scrape(timestampMs: number, stop?: AbortSignal): Promise<CollectedSample[]> {
    const now = this.options.now ?? (() => performance.now());
    const begin = now();
    let series: ScrapedSeries[] = [];
    let scraped = 0;
    let error: unknown;
    try {
      const { url, timeoutMs } = this.target;
      const { fetch, maxBodyBytes } = this.options;
      const body = await fetchTarget({ url, timeoutMs, stop, fetch, maxBodyBytes });
      scraped = countSamples(body.text);
      if (scraped > this.target.sampleLimit)
        throw new ScrapeError(
          this.target.url,
          `${scraped} samples exceed the limit of ${this.target.sampleLimit}`,
        );
      series = this.toSeries(parseBody(body, this.target.url));
    } catch (err) {
      error = err;
    }
    const seconds = Math.round((now() - begin) * 1e6) / 1e9;
    const out = this.withStaleness(series, timestampMs);
    const report = (name: string, value: number): void => {
      out.push({ labels: reportSeriesLabels(name, this.layers), value, timestampMs });
    };
    report('up', error === undefined ? 1 : 0);
    report('scrape_duration_seconds', seconds);
    report('scrape_samples_scraped', scraped);
    // Aborted because the harvester stops: not the target's fault, and the loop drops the samples.
    if (stop?.aborted !== true) this.logOutcome(error);
    return out;
  }

  /** Scraped samples as series; throws a ScrapeError when one breaks the nester's limits. */
  private toSeries(samples: Iterable<ParsedSample>): ScrapedSeries[] {
    const out: ScrapedSeries[] = [];
    for (const s of samples) {
      const labels = scrapedSeriesLabels(s.name, s.labels, this.layers);
      if (labels.length > MAX_LABELS)
        throw new ScrapeError(
          this.target.url,
          `series ${s.name} has ${labels.length} labels, over ${MAX_LABELS}`,
        );
      const long = labels.find((l) => l.value.length > MAX_LABEL_VALUE_CHARS);
      if (long !== undefined)
        throw new ScrapeError(
          this.target.url,
          `series ${s.name} has a label ${long.name} longer than 64 KiB`,
        );
      if (s.timestampMs !== undefined && !Number.isSafeInteger(s.timestampMs))
        throw new ScrapeError(this.target.url, `series ${s.name} has an out-of-range timestamp`);
      out.push({ labels, value: s.value, timestampMs: s.timestampMs });
    }
    return out;
  }

  /**
   * The samples of this scrape, duplicates dropped (first one kept, as Prometheus keeps the
   * first and counts the rest), then a staleness marker for every series the previous scrape
   * had and this one lacks. Each marker is written once: the series then leaves the set.
   */
  private withStaleness(series: readonly ScrapedSeries[], timestampMs: number): CollectedSample[] {
    const current = new Map<string, Labels>();
    const timestamped = new Set<string>();
    const out: CollectedSample[] = [];
    let duplicates = 0;
    for (const s of series) {
      const key = seriesKey(s.labels);
      const seen = s.timestampMs === undefined ? current : timestamped;
      const seenKey = s.timestampMs === undefined ? key : `${key}@${s.timestampMs}`;
      if (seen.has(seenKey)) {
        duplicates++;
        continue;
      }
      if (s.timestampMs === undefined) current.set(key, s.labels);
      else timestamped.add(seenKey);
      out.push({ labels: s.labels, value: s.value, timestampMs: s.timestampMs ?? timestampMs });
    }
    for (const [key, labels] of this.previous) {
      if (!current.has(key)) out.push({ labels, value: STALE_NAN, timestampMs });
    }
    this.previous = current;
    if (duplicates > 0)
      this.options.logger?.('warn', `scrape of ${this.target.url}: ${duplicates} duplicate series dropped`);
    return out;
  }

  /** Logs a failure when it starts or changes and the recovery, not every failed interval. */
  private logOutcome(error: unknown): void {
    const logger = this.options.logger;
    const message = error === undefined ? undefined : describeError(error);
    if (message !== undefined)
      logger?.(message === this.lastError ? 'debug' : 'warn', `${message} (job ${this.target.job}): up 0`);
    else if (this.lastError !== undefined)
      logger?.('info', `target ${this.target.url} (job ${this.target.job}) is up again`);
    this.lastError = message;
  }
}

interface ScrapedSeries {
  labels: Labels;
  value: number;
  timestampMs: number | undefined;
}

/** The samples of a body, in either format. */
function* parseBody(body: ScrapeBody, source: string): Generator<ParsedSample> {
  const families =
    body.format === 'openmetrics'
      ? parseOpenMetrics(body.text, { source })
      : parseTextFormat(body.text, { source });
  for (const family of families) yield* family.samples;
}

/**
 * The number of sample lines (neither blank nor a comment) in either format, counted before
 * parsing so that a body of millions of tiny samples is refused before it is turned into objects.
 */
export function countSamples(text: string): number {
  let count = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i < end && text[i] !== '#') count++;
    start = end + 1;
  }
  return count;
}

/** A collision-free key of a sorted label set. */
function seriesKey(labels: Labels): string {
  return JSON.stringify(labels.map((l) => [l.name, l.value]));
}

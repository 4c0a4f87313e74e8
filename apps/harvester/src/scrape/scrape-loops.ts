import { describeError } from '@seahawks/model';
import type { CollectedSample } from '../exposition/samples.js';
import type { ScrapeTarget } from './target-config.js';
import { TargetScraper, type ScrapeLogger } from './target-scraper.js';

/** What startScrapeLoops needs. */
export interface ScrapeLoopsOptions {
  readonly targets: readonly ScrapeTarget[];
  /** The harvester's identity labels (scrapeIdentity). */
  readonly identity: Readonly<Record<string, string>>;
  /**
   * Takes one scrape's samples as one batch (the agent: encode, append to the on-disk queue,
   * kick the shipper). A rejection is logged; the loop goes on.
   */
  readonly append: (samples: CollectedSample[]) => Promise<void>;
  /** ms since the epoch; default `Date.now`. */
  readonly clock?: () => number;
  /**
   * The timestamp of a scrape started at `now` on a loop of `intervalMs`; the agent passes its
   * sampleTime (the grid time) so scraped samples line up with the node's. Default: `now`.
   */
  readonly sampleTime?: (now: number, intervalMs: number) => number;
  readonly logger?: ScrapeLogger;
  /** Monotonic ms for scrape durations; default `performance.now`. */
  readonly now?: () => number;
  readonly fetch?: typeof globalThis.fetch;
  readonly maxBodyBytes?: number;
}

/** The running loops. */
export interface ScrapeLoops {
  /** Stops every loop: timers cleared, scrapes in flight aborted and their samples dropped. */
  stop(): Promise<void>;
}

/**
 * Starts one loop per target. Each scrapes on its own interval, aligned to that interval's grid
 * like the node collection (so a 15s target and the node collectors fire together), and hands
 * every scrape to `append` as its own batch: a target's trouble, even a batch the nester
 * refuses, can never cost the node's samples. A scrape that outlasts its grid point skips it
 * (the timeout is at most the interval, so only a slow append can). Loops never throw.
 */
export function startScrapeLoops(options: ScrapeLoopsOptions): ScrapeLoops {
  const clock = options.clock ?? Date.now;
  const sampleTime = options.sampleTime ?? ((now: number) => now);
  const abort = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const loop = (scraper: TargetScraper): void => {
    const { intervalMs } = scraper.target;
    const schedule = (): void => {
      if (abort.signal.aborted) return;
      const start = clock();
      const due = start + intervalMs - (start % intervalMs);
      const timer = setTimeout(() => {
        timers.delete(timer);
        // Timers run on the monotonic clock and may fire a millisecond before the wall clock
        // reaches `due`; that must not stamp the previous grid time a second time.
        const run = once(scraper, sampleTime(Math.max(clock(), due), intervalMs))
          .catch((err: unknown) =>
            options.logger?.('warn', `cannot scrape ${scraper.target.url}: ${describeError(err)}`),
          )
          .finally(() => {
            running.delete(run);
            schedule();
          });
        running.add(run);
      }, due - start);
      timers.add(timer);
    };
    schedule();
  };

  const once = async (scraper: TargetScraper, timestampMs: number): Promise<void> => {
    const samples = await scraper.scrape(timestampMs, abort.signal);
    if (abort.signal.aborted) return;
    try {
      await options.append(samples);
    } catch (err) {
      options.logger?.('warn', `cannot queue the scrape of ${scraper.target.url}: ${describeError(err)}`);
    }
  };

  for (const target of options.targets) {
    loop(
      new TargetScraper(target, {
        identity: options.identity,
        now: options.now,
        fetch: options.fetch,
        maxBodyBytes: options.maxBodyBytes,
        logger: options.logger,
      }),
    );
  }
  return {
    stop: async () => {
      abort.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running]);
    },
  };
}

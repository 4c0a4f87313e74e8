// The nester with its default, embedded store: `seahawks nester serve` as its own process.
import { startNester } from '../../test/support/nester-process.js';
import type { RunningTarget } from './target.js';
import { metricValue, scrape } from './target.js';

/** Starts a nester from the sources; `extraArgs` go to `nester serve` (e.g. `--config`). */
export async function startNesterTarget(
  name = 'nester',
  description = 'nester, embedded engine (default settings)',
  extraArgs: readonly string[] = [],
  extraPids: readonly number[] = [],
  cleanup: () => Promise<void> = () => Promise.resolve(),
): Promise<RunningTarget> {
  const nester = await startNester(extraArgs);
  return {
    name,
    description,
    writeUrl: `${nester.url}/api/v1/write`,
    headers: nester.headers,
    pids: [nester.pid, ...extraPids],
    storedSamples: async () =>
      metricValue(await scrape(nester.url, nester.headers), 'seahawks_storage_samples_appended_total'),
    stop: async () => {
      await nester.stop();
      await cleanup();
    },
  };
}

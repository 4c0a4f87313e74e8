// A real Prometheus (the Debian package) with its remote_write receiver on.
import { startPrometheus } from '../../test/support/prometheus.js';
import type { RunningTarget } from './target.js';
import { metricValue, scrape } from './target.js';

export async function startPrometheusTarget(): Promise<RunningTarget> {
  const prom = await startPrometheus();
  return {
    name: 'prometheus',
    description: `Prometheus ${prom.version}, --web.enable-remote-write-receiver, default TSDB settings`,
    writeUrl: `${prom.url}/api/v1/write`,
    headers: {},
    pids: [prom.pid],
    storedSamples: async () =>
      metricValue(await scrape(prom.url), 'prometheus_tsdb_head_samples_appended_total', 0),
    stop: () => prom.stop(),
  };
}

// Query latency, side by side: the Node Exporter Full dashboard's range queries on a real
// Prometheus and a real nester holding the same node_exporter-shaped data, over 6 h and 24 h
// dashboard windows with Grafana's step and $__rate_interval. A benchmark, not a test.
// Usage: npm run bench:query -- [--hosts 50] [--hours 3] [--reps 9] [--warmup 1] [--host host-3:9100]
import { parseArgs } from 'node:util';
import { startLoadedFleet } from '../../test/support/fleet.js';
import {
  alignRange,
  fillVariables,
  grafanaInterval,
  grafanaRateInterval,
  nodeExporterFullQueries,
  promDuration,
} from '../../test/support/grafana.js';
import { countSeries } from '../../test/support/node-data.js';
import { describeMachine, rssMiB } from '../lib/report.js';
import { timePair } from '../lib/query-timing.js';
import { waitForIdle } from '../lib/settle.js';
import type { PairTiming } from '../lib/query-timing.js';
import { reportWindow } from './window-report.js';

const { values: args } = parseArgs({
  options: {
    hosts: { type: 'string', default: '50' },
    hours: { type: 'string', default: '3' },
    reps: { type: 'string', default: '9' },
    warmup: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1860' },
    host: { type: 'string', default: 'host-3:9100' },
    windows: { type: 'string', default: '6h,24h' },
    top: { type: 'string', default: '15' },
  },
});
const hosts = Number(args.hosts);
const hours = Number(args.hours);
const reps = Number(args.reps);
const warmup = Number(args.warmup);
const windows = args.windows.split(',').map((w) => ({ name: w, ms: Number.parseFloat(w) * 3_600_000 }));

console.log(`machine: ${await describeMachine()}`);
console.log(`loading ${hosts} hosts × ${hours} h into Prometheus and the nester …`);
const loadStarted = performance.now();
const fleet = await startLoadedFleet({ hosts, hours, seed: Number(args.seed), endBeforeNowMs: 60_000 });
try {
  const { plan, written } = fleet;
  const loadS = ((performance.now() - loadStarted) / 1000).toFixed(0);
  console.log(
    `data: ${countSeries(plan)} series, ${written.samples.toLocaleString('en')} samples in ${written.requests} requests ` +
      `(${loadS} s; receivers busy ${Object.entries(written.busyMs)
        .map(([n, ms]) => `${n} ${(ms / 1000).toFixed(0)} s`)
        .join(', ')})`,
  );
  // At least one tick of the nester's checkpoint timer (1 min) and of Prometheus' compaction
  // loop (1 min): the first checkpoint after a bulk load copies and rewrites the whole head.
  const settle = await waitForIdle([fleet.prometheus.pid, fleet.nester.pid], { minMs: 65_000 });
  console.log(
    `waited ${(settle.waitedMs / 1000).toFixed(0)} s for both servers to go idle after the load` +
      (settle.settled ? '' : ' (gave up: timings may include background work)'),
  );
  const rss = [await rssMiB(fleet.prometheus.pid), await rssMiB(fleet.nester.pid)];
  console.log(`RSS after load: prometheus ${rss[0]?.toFixed(0)} MiB, nester ${rss[1]?.toFixed(0)} MiB`);
  const panels = nodeExporterFullQueries().filter((q) => !q.instant);
  for (const w of windows) {
    const stepMs = grafanaInterval(w.ms, 1000);
    const rateMs = grafanaRateInterval(stepMs);
    // The dashboard's "now" is the end of the data; the window reaches back w.ms from it.
    const { start, end } = alignRange(plan.endMs - w.ms, plan.endMs, stepMs);
    const covered = Math.min(w.ms, plan.endMs - plan.startMs) / 3_600_000;
    console.log(
      `\nwindow ${w.name}: step ${promDuration(stepMs)}, $__rate_interval ${promDuration(rateMs)}, ` +
        `${Math.round((end - start) / stepMs) + 1} points, data covers the last ${covered.toFixed(1)} h of it; ` +
        `${panels.length} panel queries for ${args.host}, ${reps} repetitions after ${warmup} warm-up`,
    );
    const timings: PairTiming[] = [];
    for (const q of panels) {
      const expr = fillVariables(q.expr, { node: args.host, job: 'node', rateIntervalMs: rateMs });
      timings.push(
        await timePair(
          fleet.targets.prometheus,
          fleet.targets.nester,
          { expr, startMs: start, endMs: end, stepMs },
          reps,
          warmup,
        ),
      );
    }
    console.log(reportWindow(timings, Number(args.top)));
  }
} finally {
  await fleet.stop();
}

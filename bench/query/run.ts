// Query latency, side by side: the Node Exporter Full dashboard's range queries on a real
// Prometheus and on a real nester per storage engine (embedded, PostgreSQL), all holding the same
// node_exporter-shaped data, over 6 h and 24 h dashboard windows with Grafana's step and
// $__rate_interval. A benchmark, not a test.
// Usage: npm run bench:query -- [--hosts 50] [--hours 3] [--reps 9] [--warmup 1] [--host host-3:9100]
//   [--engines embedded,postgres] [--windows 6h,24h] [--top 15] [--seed 1860]
import { parseArgs } from 'node:util';
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
import { waitForIdle } from '../lib/settle.js';
import { ENGINES, startQueryFleet } from './engines.js';
import type { Engine } from './engines.js';
import { timeServers } from './timing.js';
import type { QueryTimings } from './timing.js';
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
    engines: { type: 'string', default: ENGINES.join(',') },
  },
});
const hosts = Number(args.hosts);
const hours = Number(args.hours);
const reps = Number(args.reps);
const warmup = Number(args.warmup);
const windows = args.windows.split(',').map((w) => ({ name: w, ms: Number.parseFloat(w) * 3_600_000 }));
const engines = args.engines.split(',').filter((e) => e !== '');
for (const e of engines) {
  if (!ENGINES.includes(e as Engine))
    throw new Error(`cannot benchmark engine "${e}": known are ${ENGINES.join(', ')}`);
}

console.log(`machine: ${await describeMachine()}`);
console.log(`loading ${hosts} hosts × ${hours} h into Prometheus and the nester (${engines.join(', ')}) …`);
const loadStarted = performance.now();
const fleet = await startQueryFleet({
  hosts,
  hours,
  seed: Number(args.seed),
  engines: engines as Engine[],
  endBeforeNowMs: 60_000,
});
try {
  const { plan, written } = fleet;
  const servers = [fleet.prometheus, ...fleet.nesters];
  const loadS = ((performance.now() - loadStarted) / 1000).toFixed(0);
  console.log(
    `data: ${countSeries(plan)} series, ${written.samples.toLocaleString('en')} samples in ${written.requests} requests ` +
      `(${loadS} s; receivers busy ${Object.entries(written.busyMs)
        .map(([n, ms]) => `${n} ${(ms / 1000).toFixed(0)} s`)
        .join(', ')})` +
      (fleet.postgresVacuumMs === undefined
        ? ''
        : `; VACUUM ANALYZE of the PostgreSQL tables ${(fleet.postgresVacuumMs / 1000).toFixed(1)} s`),
  );
  for (const s of servers) console.log(`  ${s.target.name}: ${s.description}`);
  // At least one tick of the nester's checkpoint timer (1 min) and of Prometheus' compaction
  // loop (1 min): the first checkpoint after a bulk load copies and rewrites the whole head.
  const settle = await waitForIdle(
    servers.flatMap((s) => s.pids),
    { minMs: 65_000 },
  );
  console.log(
    `waited ${(settle.waitedMs / 1000).toFixed(0)} s for every server to go idle after the load` +
      (settle.settled ? '' : ' (gave up: timings may include background work)'),
  );
  const rss = await Promise.all(
    servers.map(async (s) => `${s.target.name} ${(await rssMiB(s.pids[0]!))?.toFixed(0)} MiB`),
  );
  console.log(`RSS after load (main process): ${rss.join(', ')}`);
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
    const timings: QueryTimings[] = [];
    for (const q of panels) {
      const expr = fillVariables(q.expr, { node: args.host, job: 'node', rateIntervalMs: rateMs });
      timings.push(
        await timeServers(
          servers.map((s) => s.target),
          { expr, startMs: start, endMs: end, stepMs },
          reps,
          warmup,
        ),
      );
    }
    console.log(
      reportWindow(
        servers.map((s) => s.target.name),
        timings,
        Number(args.top),
      ),
    );
  }
} finally {
  await fleet.stop();
}

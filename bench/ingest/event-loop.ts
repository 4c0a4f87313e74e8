// Event-loop delay of the embedded engine under ingest while it checkpoints: node_exporter-
// shaped scrapes appended in process by concurrent senders, checkpoints forced often, and
// `perf_hooks.monitorEventLoopDelay` sampling all along. What a stall here costs the nester:
// every API call, tunnel heartbeat and remote_write waits for it.
// Usage: node --conditions=seahawks-source --import tsx bench/ingest/event-loop.ts -- \
//   [--hosts 300] [--cpus 32] [--intervals 12] [--concurrency 16] [--checkpoint-mib 16] [--inline]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openEmbeddedStorage } from '../../apps/nester/src/tsdb/embedded/index.js';
import { fleetRound, planFleet, simulateFleet } from '../lib/node-fleet.js';
import { describeMachine } from '../lib/report.js';

const { values: args } = parseArgs({
  options: {
    hosts: { type: 'string', default: '300' },
    cpus: { type: 'string', default: '32' },
    intervals: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '16' },
    'checkpoint-mib': { type: 'string', default: '16' },
    inline: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const INTERVAL_MS = 15_000;
const intervals = Number(args.intervals);
const startMs = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS - (intervals + 1) * INTERVAL_MS;
const sims = simulateFleet(
  planFleet({
    hosts: Number(args.hosts),
    cpus: Number(args.cpus),
    rounds: intervals,
    intervalMs: INTERVAL_MS,
    startMs,
    seed: 1,
  }),
);
const rounds = Array.from({ length: intervals }, (_, r) => fleetRound(sims, r));
const samples = rounds.flat(2).reduce((n, s) => n + s.samples.length, 0);

console.log(`machine: ${await describeMachine()}`);
const dir = await mkdtemp(join(tmpdir(), 'seahawks-bench-loop-'));
const storage = await openEmbeddedStorage({
  dir,
  checkpointIntervalMs: 500,
  checkpointMinBytes: Number(args['checkpoint-mib']) * 2 ** 20,
  checkpointInWorker: !args.inline,
  logger: { warn: (m) => console.warn(m), info: () => undefined },
});
const delay = monitorEventLoopDelay({ resolution: 10 });
try {
  delay.enable();
  const started = performance.now();
  for (const hosts of rounds) {
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < hosts.length) await storage.appender.append(hosts[next++]!);
    };
    await Promise.all(Array.from({ length: Number(args.concurrency) }, sender));
  }
  // Let a checkpoint that started late finish inside the measurement.
  while (storage.stats().checkpoints === 0 && Number(args['checkpoint-mib']) < 1e5)
    await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  const ms = (ns: number): string => (ns / 1e6).toFixed(1);
  const st = storage.stats();
  console.log(
    `${samples.toLocaleString('en')} samples, ${st.series.toLocaleString('en')} series in ${seconds.toFixed(1)} s ` +
      `(${Math.round(samples / seconds).toLocaleString('en')} samples/s), ${st.checkpoints} checkpoints`,
  );
  console.log(
    `event-loop delay: p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, ` +
      `p99.9 ${ms(delay.percentile(99.9))} ms, max ${ms(delay.max)} ms`,
  );
} finally {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
}

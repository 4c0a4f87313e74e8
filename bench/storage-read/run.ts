// The embedded storage's read path in-process: series' compressed samples decoded back into
// `Sample` objects, as a range query over a long window does (the bulk of the host page's time
// over 30 days). No disk, no HTTP: only `ChunkedSamples.range`. A benchmark, not a test.
// Usage: node --conditions=seahawks-source --import tsx bench/storage-read/run.ts
//   [--series 50] [--days 30] [--reps 7] [--window-days 30] [--hold]
import { parseArgs } from 'node:util';
import type { Sample } from '@seahawks/model';
import { nodeExporterSeries } from '../../apps/nester/src/tsdb/chunkenc/node-exporter-like.js';
import { ChunkedSamples } from '../../apps/nester/src/tsdb/embedded/chunked-samples.js';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '50' },
    days: { type: 'string', default: '30' },
    reps: { type: 'string', default: '7' },
    'window-days': { type: 'string', default: '30' },
    hold: { type: 'boolean', default: false },
  },
});
const seriesCount = Number(args.series);
const days = Number(args.days);
const reps = Number(args.reps);
const hold = args.hold;
const windowMs = Number(args['window-days']) * 86_400_000;
const perSeries = Math.floor((days * 86_400_000) / 15_000);
const start = Date.UTC(2026, 0, 1);

const stores: ChunkedSamples[] = [];
let maxT = -Infinity;
for (let i = 0; i < seriesCount; i++) {
  const { ts, vs } = nodeExporterSeries(i, perSeries, start);
  const store = new ChunkedSamples();
  for (let k = 0; k < ts.length; k++) store.add(ts[k]!, vs[k]!);
  stores.push(store);
  maxT = Math.max(maxT, ts[ts.length - 1]!);
}
const minT = maxT - windowMs + 1;

/**
 * Reads every series over the window. By default each series' samples are dropped before the next
 * is read, as the query engine's streaming selectors do; `--hold` keeps them all until the end.
 */
function readAll(): number {
  const held: Sample[][] = [];
  let n = 0;
  for (const store of stores) {
    const samples = store.range(minT, maxT);
    n += samples.length;
    if (hold) held.push(samples);
  }
  return hold ? held.reduce((sum, s) => sum + s.length, 0) : n;
}

const times: number[] = [];
let samples = 0;
readAll();
for (let r = 0; r < reps; r++) {
  const t0 = process.hrtime.bigint();
  samples = readAll();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
const median = times[times.length >> 1]!;
console.log(
  `storage-read: ${seriesCount} series × ${days} d × 15 s, window ${args['window-days']} d${hold ? ', all held' : ''}: ` +
    `${samples} samples, median ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ` +
    `${times[times.length - 1]!.toFixed(0)}) over ${reps} reps = ` +
    `${(((samples / median) * 1000) / 1e6).toFixed(1)} M samples/s, ${((median * 1e6) / samples).toFixed(0)} ns/sample`,
);

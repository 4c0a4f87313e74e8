// How long a checkpoint holds the main thread at a time, measured on the work itself rather
// than on event-loop delay (which a busy shared machine inflates with scheduling waits): a head
// of node_exporter-shaped series, then the synchronous slices of the old and new checkpoints.
// Usage: node --conditions=seahawks-source --import tsx bench/ingest/checkpoint-slices.ts -- \
//   [--hosts 300] [--cpus 32] [--intervals 40]
import { parseArgs } from 'node:util';
import { applyBatch } from '../../apps/nester/src/tsdb/embedded/append.js';
import { encodeGroup, packGroup } from '../../apps/nester/src/tsdb/embedded/checkpoint-group.js';
import { ChunkKind, ChunksRecordWriter } from '../../apps/nester/src/tsdb/embedded/chunk-records.js';
import { Head } from '../../apps/nester/src/tsdb/embedded/head.js';
import type { MemSeries } from '../../apps/nester/src/tsdb/embedded/head.js';
import { encodeSeriesRecord } from '../../apps/nester/src/tsdb/embedded/records.js';
import { snapshotChunk } from '../../apps/nester/src/tsdb/embedded/sealed-chunks.js';
import { fleetRound, planFleet, simulateFleet } from '../lib/node-fleet.js';
import { describeMachine, median } from '../lib/report.js';

const { values: args } = parseArgs({
  options: {
    hosts: { type: 'string', default: '300' },
    cpus: { type: 'string', default: '32' },
    intervals: { type: 'string', default: '40' },
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
const head = new Head();
for (let r = 0; r < intervals; r++) for (const host of fleetRound(sims, r)) applyBatch(head, host, -Infinity);
const all: MemSeries[] = [...head.all()];
console.log(`machine: ${await describeMachine()}`);
console.log(
  `head: ${all.length.toLocaleString('en')} series, ${head.sampleCount.toLocaleString('en')} samples`,
);

/** What the old checkpoint did per group on the main thread: XOR chunks as they are, framed. */
function oldEncode(series: readonly MemSeries[]): void {
  const w = new ChunksRecordWriter();
  for (const s of series) {
    const f = s.samples.snapshot();
    for (let k = 0; k < f.sealed.count; k++) w.add(s.id, ChunkKind.sealed, snapshotChunk(f.sealed, k));
    if (f.open !== undefined) w.add(s.id, ChunkKind.head, f.open);
    s.samples.release(f);
  }
  Buffer.concat([encodeSeriesRecord(series), ...w.finish()]);
}

const time = (f: () => void): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
for (let rep = 0; rep < 3; rep++) {
  // Before: the whole head frozen in one synchronous pass, then each group of 1000 encoded (and
  // checksummed) on the main thread.
  const frozen = time(() => {
    const snaps = all.map((s) => s.samples.snapshot());
    all.forEach((s, i) => s.samples.release(snaps[i]!));
  });
  const packs: number[] = [];
  const encodes: number[] = [];
  const olds: number[] = [];
  for (let i = 0; i < all.length; i += 1000) {
    let group: ReturnType<typeof packGroup> | undefined;
    packs.push(time(() => (group = packGroup(all.slice(i, i + 1000)))));
    encodes.push(time(() => encodeGroup(group!)));
    olds.push(time(() => oldEncode(all.slice(i, i + 1000))));
  }
  console.log(
    `run ${rep + 1}: old snapshot of the whole head ${frozen.toFixed(0)} ms in one slice; ` +
      `per 1000 series: old encode (main thread) median ${median(olds).toFixed(1)} ms; copy (main thread now) median ${median(packs).toFixed(1)} ms, max ${Math.max(...packs).toFixed(1)} ms; ` +
      `encode (worker now) median ${median(encodes).toFixed(1)} ms, max ${Math.max(...encodes).toFixed(1)} ms`,
  );
}

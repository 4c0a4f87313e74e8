// Ingest throughput, end to end and durable: the same node_exporter-shaped remote_write payload
// posted with the same concurrency to each receiver (the nester on its embedded engine and a
// real Prometheus by default), one receiver at a time, on loopback. A benchmark, not a test.
// Usage: npm run bench:ingest -- [--hosts 1000] [--cpus 32] [--intervals 6] [--concurrency 16]
//   [--hosts-per-request 1] [--targets nester,prometheus,nester-postgres] [--repeat 1] [--seed 1]
import { parseArgs } from 'node:util';
import { describeMachine, formatTable, median } from '../lib/report.js';
import { waitForIdle } from '../lib/settle.js';
import { treeCpuSeconds } from './cpu-tree.js';
import { buildPayload } from './payload.js';
import type { Payload } from './payload.js';
import { postRound } from './post.js';
import { TARGETS } from './targets.js';

const { values: args } = parseArgs({
  options: {
    hosts: { type: 'string', default: '1000' },
    cpus: { type: 'string', default: '32' },
    intervals: { type: 'string', default: '6' },
    concurrency: { type: 'string', default: '16' },
    'hosts-per-request': { type: 'string', default: '1' },
    targets: { type: 'string', default: 'nester,prometheus' },
    repeat: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
  },
  allowPositionals: true,
});
const INTERVAL_MS = 15_000;
const concurrency = Number(args.concurrency);
const names = args.targets.split(',').filter((n) => n !== '');
for (const n of names) {
  if (TARGETS[n] === undefined)
    throw new Error(`cannot run target "${n}": known are ${Object.keys(TARGETS).join(', ')}`);
}

interface Measurement {
  readonly target: string;
  readonly description: string;
  /** Seconds per round; round 0 also creates every series. */
  readonly roundS: number[];
  /** CPU seconds of the receiver's processes over all rounds. */
  readonly cpuS: number;
  /** Samples the receiver stored besides the payload (its own rule results). */
  readonly ownSamples: number;
}

async function measure(name: string, payload: Payload): Promise<Measurement> {
  const target = await TARGETS[name]!();
  try {
    await waitForIdle(target.pids, { quietSeconds: 2, maxMs: 30_000 });
    const cpuBefore = await treeCpuSeconds(target.pids);
    const storedBefore = await target.storedSamples();
    const roundS: number[] = [];
    for (const bodies of payload.rounds) roundS.push(await postRound(target, bodies, concurrency));
    const cpuS = (await treeCpuSeconds(target.pids)) - cpuBefore;
    const stored = (await target.storedSamples()) - storedBefore;
    const sent = payload.samplesPerRound.reduce((a, b) => a + b, 0);
    // More is fine: a receiver may store samples of its own meanwhile (the nester's alert rules).
    if (stored < sent)
      throw new Error(`cannot verify ${name}: it stored ${stored} samples, ${sent} were sent`);
    return { target: name, description: target.description, roundS, cpuS, ownSamples: stored - sent };
  } finally {
    await target.stop();
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');
const perSecond = (p: Payload, m: Measurement, from: number): number =>
  p.samplesPerRound.slice(from).reduce((a, b) => a + b, 0) / m.roundS.slice(from).reduce((a, b) => a + b, 0);

console.log(`machine: ${await describeMachine()}`);
const hosts = Number(args.hosts);
const intervals = Number(args.intervals);
const startMs = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS - (intervals + 1) * INTERVAL_MS;
const payload = buildPayload(
  {
    hosts,
    cpus: Number(args.cpus),
    rounds: intervals,
    intervalMs: INTERVAL_MS,
    startMs,
    seed: Number(args.seed),
  },
  Number(args['hosts-per-request']),
);
const total = payload.samplesPerRound.reduce((a, b) => a + b, 0);
console.log(
  `payload: ${hosts} hosts × ${args.cpus} cores (${fmt(payload.series)} series) × ${intervals} intervals of 15 s = ` +
    `${fmt(total)} samples in ${fmt(payload.rounds.flat().length)} requests (${args['hosts-per-request']} host(s) each, ` +
    `${(payload.bytes / 2 ** 20).toFixed(1)} MiB snappy), ${concurrency} concurrent senders`,
);
const results = new Map<string, Measurement[]>();
for (let rep = 0; rep < Number(args.repeat); rep++) {
  // Alternate the order so a slow phase of the shared machine does not always hit the same one.
  const order = rep % 2 === 0 ? names : [...names].reverse();
  for (const name of order) {
    const m = await measure(name, payload);
    results.set(name, [...(results.get(name) ?? []), m]);
    console.log(
      `${name} run ${rep + 1}: rounds ${m.roundS.map((s) => s.toFixed(2)).join(' / ')} s; ` +
        `steady ${fmt(perSecond(payload, m, 1))} samples/s, first round ${fmt(payload.samplesPerRound[0]! / m.roundS[0]!)} samples/s, ` +
        `${m.cpuS.toFixed(1)} CPU s` +
        (m.ownSamples > 0 ? `, ${fmt(m.ownSamples)} samples of its own stored meanwhile` : ''),
    );
  }
}
const rows: string[][] = [];
const steady = new Map<string, number>();
for (const name of names) {
  const ms = results.get(name)!;
  const s = median(ms.map((m) => perSecond(payload, m, 1)));
  steady.set(name, s);
  const first = median(ms.map((m) => payload.samplesPerRound[0]! / m.roundS[0]!));
  const all = median(ms.map((m) => perSecond(payload, m, 0)));
  const perCpu = median(ms.map((m) => total / m.cpuS));
  rows.push([name, fmt(s), fmt(first), fmt(all), fmt(perCpu), ms[0]!.description]);
}
console.log('');
console.log(
  formatTable(
    ['target', 'steady samples/s', 'first round (new series)', 'all rounds', 'samples per CPU s', 'what'],
    rows,
  ),
);
const base = steady.get('prometheus');
if (base !== undefined) {
  for (const name of names.filter((n) => n !== 'prometheus')) {
    console.log(
      `ratio ${name} / prometheus (steady state): ${(steady.get(name)! / base).toFixed(2)}× (goal ≥ 1.5×)`,
    );
  }
}

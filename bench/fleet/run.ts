// Fleet scale: one real nester process on loopback and load-generator processes running N
// simulated harvesters (real tunnel clients, real TLS and WebSocket, remote_write of ~800 series
// every 15 s each), N growing step by step until the fleet is unhealthy or --max is reached.
// Per step: nester CPU % and RSS from /proc over the measured window, ingest lag (sample
// timestamp → 204), online detection (client starts dialling → admin socket reports it online),
// offline detection (clean close → reported offline), errors, and the generators' own CPU: they
// share the machine's cores with the nester. A benchmark, not a test.
// Usage: npm run bench:fleet -- [--max 10000] [--step-seconds 60] [--generators 2] [--cpu-prof]
import { fork } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { formatEntries, summarizeProfile } from '../harvester-footprint/cpu-profile.js';
import { clockTicksPerSecond, cpuTime, residency } from '../harvester-footprint/proc-stats.js';
import { describeMachine, formatTable } from '../lib/report.js';
import { startBenchNester } from './nester.js';
import type { BenchNester } from './nester.js';
import { fleetTracker, type StepFigures } from './tracker.js';
import type { Generator } from './tracker.js';
import type { FromGenerator, ToGenerator } from './tracker.js';

const { values: args } = parseArgs({
  options: {
    max: { type: 'string', default: '10000' },
    'step-seconds': { type: 'string', default: '60' },
    generators: { type: 'string', default: '2' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const max = Number(args.max);
const stepSeconds = Number(args['step-seconds']);
const generatorCount = Number(args.generators);
if (!(max >= 1 && stepSeconds >= 15 && generatorCount >= 1))
  throw new Error('cannot run: --max ≥ 1, --step-seconds ≥ 15 (one shipping interval) and --generators ≥ 1');

const LADDER = [100, 250, 500, 750, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 10000, 15000, 20000];
const steps = [...LADDER.filter((n) => n < max), max];
const TICKS = clockTicksPerSecond();
const HEADER = [
  'N',
  'nester CPU',
  'nester RSS',
  'RSS/harvester',
  'POSTs',
  'lag p50 / p99 / max',
  'online p50 / p99',
  'offline max',
  'errors',
  'generators CPU',
  'verdict',
];

function startGenerator(nester: BenchNester, index: number): Generator {
  const config = JSON.stringify({ agentUrl: nester.agentUrl, caPem: nester.caPem, offset: index * 7919 });
  const child = fork(new URL('./load-generator.ts', import.meta.url), [config], {
    execArgv: ['--conditions=seahawks-source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const guard = (): void => void child.kill('SIGKILL');
  process.once('exit', guard);
  const listeners = new Set<(m: FromGenerator) => void>();
  child.on('message', (m) => listeners.forEach((l) => l(m as FromGenerator)));
  return {
    pid: child.pid ?? 0,
    send: (m: ToGenerator) => void child.send(m),
    onMessage: (l) => void listeners.add(l),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop' } satisfies ToGenerator);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      process.removeListener('exit', guard);
    },
  };
}

/**
 * The nester writes one profile per thread (tsx's module-loader thread included, idle all run):
 * the main thread's is the largest.
 */
async function mainThreadProfile(dir: string): Promise<ReturnType<typeof summarizeProfile>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const largest = files[sizes.indexOf(Math.max(...sizes))];
  if (largest === undefined) throw new Error(`cannot summarise the CPU profile: no .cpuprofile in ${dir}`);
  return summarizeProfile(
    JSON.parse(await readFile(largest, 'utf8')) as Parameters<typeof summarizeProfile>[0],
  );
}

async function cpuOf(pids: readonly number[]): Promise<number[]> {
  return Promise.all(pids.map(async (pid) => (await cpuTime(pid, TICKS)).total));
}

const pct = (cpuSeconds: number, wallMs: number): string =>
  `${((cpuSeconds / (wallMs / 1000)) * 100).toFixed(0)} %`;
const ms = (v: number | undefined): string =>
  v === undefined ? '–' : v < 1000 ? `${v.toFixed(0)} ms` : `${(v / 1000).toFixed(1)} s`;

/** Healthy: every batch accepted and its p99 lag < 5 s, detection < 5 s both ways, all online. */
function verdict(f: StepFigures, n: number): string[] {
  const why: string[] = [];
  if (f.errorCount > 0) why.push(`${f.errorCount} errors`);
  if (!(f.lagP99 !== undefined && f.lagP99 < 5000)) why.push('ingest lag p99 ≥ 5 s');
  if (!(f.onlineP99 !== undefined && f.onlineP99 < 5000)) why.push('online detection p99 ≥ 5 s');
  if (!(f.offlineMax !== undefined && f.offlineMax < 5000)) why.push('offline detection ≥ 5 s');
  if (f.onlineAtEnd !== n) why.push(`${f.onlineAtEnd}/${n} online at the end`);
  return why;
}

console.log(`bench:fleet on ${await describeMachine()}`);
console.log(
  `steps ${steps.join(', ')}; ${stepSeconds} s measured per step; ${generatorCount} load generator(s)`,
);
const profileDir = args['cpu-prof'] ? await mkdtemp(join(tmpdir(), 'seahawks-fleet-prof-')) : undefined;
const nester = await startBenchNester({ cpuProfileDir: profileDir });
const generators = Array.from({ length: generatorCount }, (_, i) => startGenerator(nester, i));
const tracker = fleetTracker(nester, generators);
const rows: string[][] = [];
let largestHealthy = 0;
try {
  for (const n of steps) {
    await tracker.grow(n);
    const pids = [nester.pid, ...generators.map((g) => g.pid)];
    await tracker.report(); // discards what the ramp-up did
    const cpu0 = await cpuOf(pids);
    const t0 = Date.now();
    await sleep(stepSeconds * 1000);
    const cpu1 = await cpuOf(pids);
    const wall = Date.now() - t0;
    const figures = await tracker.finishStep(n);
    const rss = (await residency(nester.pid)).rssBytes;
    const why = verdict(figures, n);
    if (why.length === 0) largestHealthy = n;
    const genCpu = cpu1.slice(1).reduce((a, c, i) => a + c - cpu0[i + 1]!, 0);
    rows.push([
      String(n),
      pct(cpu1[0]! - cpu0[0]!, wall),
      `${(rss / 2 ** 20).toFixed(0)} MiB`,
      `${(rss / n / 1024).toFixed(0)} KiB`,
      `${(figures.posts / (wall / 1000)).toFixed(1)}/s`,
      `${ms(figures.lagP50)} / ${ms(figures.lagP99)} / ${ms(figures.lagMax)}`,
      `${ms(figures.onlineP50)} / ${ms(figures.onlineP99)}`,
      ms(figures.offlineMax),
      String(figures.errorCount),
      pct(genCpu, wall),
      why.length === 0 ? 'healthy' : why.join('; '),
    ]);
    console.log(`\n${formatTable(HEADER, rows.slice(-1))}`);
    for (const [what, count] of Object.entries(figures.errors)) console.log(`  ${count} × ${what}`);
    if (why.length > 0) break;
  }
} finally {
  await Promise.all(generators.map((g) => g.stop()));
  await nester.stop();
}
console.log(`\n${formatTable(HEADER, rows)}`);
console.log(`\nlargest healthy N: ${largestHealthy}`);
if (profileDir !== undefined) {
  const summary = await mainThreadProfile(profileDir);
  console.log(`\nnester CPU profile, main thread, whole run (${(summary.totalMs / 1000).toFixed(0)} s):`);
  console.log(formatEntries(summary.byPart, 12));
  console.log(formatEntries(summary.byFunction, 20));
  await rm(profileDir, { recursive: true, force: true });
}

// Footprint, side by side: the harvester's collection loop (harvester-loop.ts: collectAll,
// familiesToSamples, remote_write encoding and snappy every second, compiled JavaScript, in
// its own process; no queue or shipping) and node_exporter (the Debian package, same
// collectors and filters, scraped every second by this process, half a second off the
// harvester's grid so the two never compete for a CPU). Reports CPU seconds per collection
// (utime + stime from /proc/<pid>/stat over the measured window, divided by the collections
// in it) and peak RSS (VmHWM). A benchmark, not a test.
// Usage: npm run bench:harvester -- [--seconds 300] [--warmup 10] [--cpu-prof]
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createCollectors } from '../../apps/harvester/src/collectors/registry.js';
import {
  startNodeExporter,
  type RunningNodeExporter,
} from '../../apps/harvester/src/parity/node-exporter.js';
import { formatEntries, summarizeProfileDir } from './cpu-profile.js';
import { buildHarvester, startHarvesterProcess, type HarvesterProcess } from './harvester-process.js';
import { clockTicksPerSecond, cpuTime, mib, residency, type CpuTime, type Residency } from './proc-stats.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '10' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
if (!(Number.isInteger(seconds) && seconds >= 5 && Number.isInteger(warmup) && warmup >= 0))
  throw new Error(
    `cannot run: --seconds must be an integer ≥ 5 and --warmup ≥ 0 (got ${args.seconds}, ${args.warmup})`,
  );

const CPU_GOAL = 0.5;
const RSS_GOAL_BYTES = 50 * 1024 * 1024;
const TICKS = clockTicksPerSecond();
const SIDES = ['node_exporter', 'harvester'] as const;
type Side = (typeof SIDES)[number];

/** One side's figures over the measured window. */
interface Figures {
  collections: number;
  cpu: CpuTime;
  memory: Residency;
}

const collectors = createCollectors().map((c) => c.name);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, ` +
    `Linux ${release()}, Node.js ${process.version}`,
);
console.log(`collectors (${collectors.length}): ${collectors.join(', ')}`);
console.log('building the harvester (tsc -b apps/harvester) …');
buildHarvester();

const workDir = await mkdtemp(join(tmpdir(), 'seahawks-footprint-'));
const textfileDirectory = join(workDir, 'textfile');
const profileDir = args['cpu-prof'] ? join(workDir, 'profile') : undefined;
let nodeExporter: RunningNodeExporter | undefined;
let harvester: HarvesterProcess | undefined;
const stopAll = async (): Promise<void> => {
  await harvester?.stop();
  await nodeExporter?.stop();
};
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
try {
  await mkdir(textfileDirectory);
  if (profileDir !== undefined) await mkdir(profileDir);
  // Without its go_*, process_* and promhttp_* families: the harvester has none of them either.
  nodeExporter = await startNodeExporter({ collectors, textfileDirectory, disableExporterMetrics: true });
  harvester = await startHarvesterProcess({
    workDir,
    textfileDirectory,
    maxSeconds: warmup + seconds + 60,
    cpuProfileDir: profileDir,
  });
  const figures = await measure(nodeExporter, harvester);
  report(figures, harvester.lastCollection());
  await stopAll();
  if (profileDir !== undefined) await reportProfile(profileDir);
} finally {
  await stopAll();
  await rm(workDir, { recursive: true, force: true });
}

/** Warms up, then measures both processes over `seconds` while node_exporter is scraped every second. */
async function measure(ne: RunningNodeExporter, hv: HarvesterProcess): Promise<Record<Side, Figures>> {
  const pids: Record<Side, number> = { node_exporter: ne.pid, harvester: hv.pid };
  const scrapeStarts: number[] = [];
  const scraping = scrapeEverySecond(ne, Date.now() + (warmup + seconds + 2) * 1000, scrapeStarts);
  console.log(`warming up for ${warmup} s, then measuring for ${seconds} s …`);
  await sleep(warmup * 1000);
  const t0 = Date.now();
  const cpu0 = {
    node_exporter: await cpuTime(pids.node_exporter, TICKS),
    harvester: await cpuTime(pids.harvester, TICKS),
  };
  for (let elapsed = 1; elapsed <= seconds; elapsed++) {
    await sleep(t0 + elapsed * 1000 - Date.now());
    if (!hv.running()) throw new Error(`cannot measure: the harvester loop exited: ${hv.errors()}`);
    if (elapsed % 60 === 0) console.log(`  ${elapsed} s`);
  }
  const t1 = Date.now();
  const figures = {} as Record<Side, Figures>;
  for (const side of SIDES) {
    const end = await cpuTime(pids[side], TICKS);
    const cpu = {
      user: end.user - cpu0[side].user,
      system: end.system - cpu0[side].system,
      total: end.total - cpu0[side].total,
    };
    figures[side] = { collections: 0, cpu, memory: await residency(pids[side]) };
  }
  figures.node_exporter.collections = scrapeStarts.filter((t) => t >= t0 && t < t1).length;
  figures.harvester.collections = hv.collectionsBetween(t0, t1);
  const failures = await scraping;
  console.log(
    `\nmeasured ${((t1 - t0) / 1000).toFixed(0)} s; node_exporter: ${failures.length} failed scrapes`,
  );
  if (figures.node_exporter.collections === 0 || figures.harvester.collections === 0)
    throw new Error(`cannot compare: no collections measured: ${failures[0] ?? hv.errors()}`);
  return figures;
}

function report(figures: Record<Side, Figures>, last: { samples: number; bytes: number } | undefined): void {
  console.log(
    `harvester collection: ${last?.samples ?? '?'} samples, ${last?.bytes ?? '?'} bytes compressed`,
  );
  const perCollection = (side: Side): number => figures[side].cpu.total / figures[side].collections;
  for (const side of SIDES) {
    const { collections, cpu, memory } = figures[side];
    console.log(
      `${side.padEnd(13)}  ${String(collections).padStart(4)} collections  ` +
        `CPU ${(perCollection(side) * 1000).toFixed(2)} ms/collection ` +
        `(user ${cpu.user.toFixed(2)} s, system ${cpu.system.toFixed(2)} s)  ` +
        `peak RSS ${mib(memory.peakRssBytes)} (at the end ${mib(memory.rssBytes)})`,
    );
  }
  const cpuRatio = perCollection('harvester') / perCollection('node_exporter');
  const peak = figures.harvester.memory.peakRssBytes;
  const rssRatio = peak / figures.node_exporter.memory.peakRssBytes;
  console.log(
    `ratio harvester / node_exporter: CPU per collection ${cpuRatio.toFixed(2)}×, peak RSS ${rssRatio.toFixed(2)}×`,
  );
  console.log(
    `goals: CPU ≤ ${CPU_GOAL}× node_exporter's: ${cpuRatio <= CPU_GOAL ? 'met' : 'NOT met'}; ` +
      `peak RSS ≤ ${mib(RSS_GOAL_BYTES)}: ${peak <= RSS_GOAL_BYTES ? 'met' : 'NOT met'}`,
  );
}

async function reportProfile(dir: string): Promise<void> {
  const { file, summary } = await summarizeProfileDir(dir);
  console.log(
    `\nharvester CPU profile (${file}, ${(summary.totalMs / 1000).toFixed(1)} s), self time by part:`,
  );
  console.log(formatEntries(summary.byPart, 15));
  console.log('by function:');
  console.log(formatEntries(summary.byFunction, 25));
}

/**
 * Scrapes once a second at half past each second until `until`, recording the start time of
 * each successful scrape; resolves to the messages of the failed ones (never rejects).
 */
async function scrapeEverySecond(
  ne: RunningNodeExporter,
  until: number,
  starts: number[],
): Promise<string[]> {
  const failures: string[] = [];
  while (Date.now() < until) {
    await sleep(1000 - ((Date.now() + 500) % 1000));
    const start = Date.now();
    try {
      await ne.scrape();
      starts.push(start);
    } catch (err) {
      // Counted and reported: a lost scrape is one collection fewer, not a reason to stop.
      failures.push(err instanceof Error ? err.message : String(err));
    }
  }
  return failures;
}

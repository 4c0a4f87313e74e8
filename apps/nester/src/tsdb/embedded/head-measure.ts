/**
 * Measures the embedded engine on node_exporter-like data (chunkenc/node-exporter-like.ts):
 * append throughput with concurrent appenders, head memory, checkpoint size on disk, and query
 * latency. Uses only the public storage API, so the same script measures older engines too.
 * Usage: node --expose-gc --conditions=seahawks-source --import tsx head-measure.ts
 *          [series=1000] [samples=2000] [appenders=100] [late=0 (share of each series replayed late)]
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { SeriesSamples } from '../../storage/storage.js';
import { nodeExporterSeries } from '../chunkenc/node-exporter-like.js';
import { openEmbeddedStorage } from './open-embedded.js';

const HOUR = 3_600_000;

/** Figures of one run; sizes in bytes, times in ms. */
export interface Measurement {
  readonly samples: number;
  readonly appendMs: number;
  /** CPU time of the process during the append phase (all threads): steadier on a busy host. */
  readonly appendCpuMs: number;
  readonly samplesPerSecond: number;
  /** Longest the event loop was blocked while appending, and while checkpointing. */
  readonly appendMaxStallMs: number;
  readonly checkpointMaxStallMs: number;
  readonly heapBytesPerSample: number;
  readonly checkpointBytesPerSample: number;
  readonly queryMedianMs: number;
  readonly queryMedianCpuMs: number;
  readonly queriedSamples: number;
}

/** CPU time (user + system, all threads) since `from`, in ms. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

function heapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('cannot measure memory: run node with --expose-gc');
  // Twice: buffers released by finalizers in the first pass go in the second.
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Batches of one appender: its series, `perBatch` timestamps at a time, `from` to `to` by index. */
function* batches(
  data: ReadonlyArray<{ name: string; i: number; ts: Float64Array; vs: Float64Array }>,
  from: number,
  to: number,
  perBatch: number,
): Generator<SeriesSamples[]> {
  for (let k = from; k < to; k += perBatch) {
    const end = Math.min(to, k + perBatch);
    yield data.map((s) => ({
      labels: [
        { name: '__name__', value: s.name },
        { name: 'i', value: String(s.i) },
      ],
      samples: Array.from({ length: end - k }, (_, j) => ({ t: s.ts[k + j]!, v: s.vs[k + j]! })),
    }));
  }
}

/** Runs the measurement in a fresh temporary directory. */
export async function measure(
  series = 1000,
  samples = 2000,
  appenders = 100,
  late = 0,
): Promise<Measurement> {
  const start = Math.floor(Date.now() / HOUR) * HOUR - Math.ceil((samples * 15_000) / HOUR) * HOUR;
  const groups = Array.from({ length: appenders }, (_, g) =>
    Array.from({ length: Math.ceil(series / appenders) }, (_, k) => g * Math.ceil(series / appenders) + k)
      .filter((i) => i < series)
      .map((i) => {
        const s = nodeExporterSeries(i, samples, start);
        return { name: `node_synth_${s.shape.replace('-', '_')}`, ts: s.ts, vs: s.vs, i };
      }),
  );
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-measure-'));
  const before = heapBytes();
  const storage = await openEmbeddedStorage({ dir, checkpointIntervalMs: 86_400_000 });
  const perBatch = Math.max(1, Math.floor(1000 / Math.ceil(series / appenders)));
  const cut = Math.floor(samples * late);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const stall = monitorEventLoopDelay({ resolution: 5 });
  stall.enable();
  // Live data first (from `cut` on), then the late part, oldest first, as a harvester replays.
  for (const [from, to] of [
    [cut, samples],
    [0, cut],
  ] as const) {
    await Promise.all(
      groups.map(async (group) => {
        for (const batch of batches(group, from, to, perBatch)) await storage.appender.append(batch);
      }),
    );
  }
  const appendMs = performance.now() - t0;
  const appendCpuMs = cpuMs(cpu0);
  stall.disable();
  const appendMaxStallMs = stall.max / 1e6;
  stall.reset();
  const total = series * samples;
  const heapBytesPerSample = (heapBytes() - before) / total;
  stall.enable();
  await storage.checkpoint();
  stall.disable();
  const checkpointMaxStallMs = stall.max / 1e6;
  const walDir = join(dir, 'wal');
  const cp = (await readdir(walDir)).find((n) => n.startsWith('checkpoint.'));
  const checkpointBytes = cp === undefined ? 0 : (await stat(join(walDir, cp))).size;
  const last = groups.flat().reduce((m, s) => Math.max(m, s.ts[samples - 1]!), 0);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let queriedSamples = 0;
  for (let run = 0; run < 11; run++) {
    const q0 = performance.now();
    const c0 = process.cpuUsage();
    queriedSamples = 0;
    const sel = storage.querier.select([{ name: '__name__', type: '=~', value: 'node_.*' }], {
      minT: last - HOUR,
      maxT: last,
    });
    for await (const s of sel) queriedSamples += s.samples.length;
    times.push(performance.now() - q0);
    cpuTimes.push(cpuMs(c0));
  }
  await storage.close();
  await rm(dir, { recursive: true, force: true });
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    samples: total,
    appendMs,
    appendCpuMs,
    samplesPerSecond: total / (appendMs / 1000),
    appendMaxStallMs,
    checkpointMaxStallMs,
    heapBytesPerSample,
    checkpointBytesPerSample: checkpointBytes / total,
    queryMedianMs: median(times),
    queryMedianCpuMs: median(cpuTimes),
    queriedSamples,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [series, samples, appenders, late] = process.argv.slice(2).map(Number);
  measure(series || undefined, samples || undefined, appenders || undefined, late || undefined).then(
    (m) => console.log(JSON.stringify(m, null, 2)),
    (err: unknown) => {
      process.stderr.write(`cannot measure: ${String(err)}\n`);
      process.exit(1);
    },
  );
}

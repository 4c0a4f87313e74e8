/**
 * Measures block files on node_exporter-like data (chunkenc/node-exporter-like.ts values, label
 * sets shaped like node_exporter's): bytes per sample of the index and of the chunk data, write
 * and open times, the longest event-loop stall while the worker writes, and a full read.
 * Usage: node --conditions=seahawks-source --import tsx block-measure.ts [series=400] [samples=480]
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { labelsFromRecord } from '@seahawks/model';
import { nodeExporterSeries } from '../../chunkenc/node-exporter-like.js';
import { crc32 } from '../crc32.js';
import { chunksOf, tempDir } from './block-fixture.js';
import { decodeFooter, FOOTER_BYTES } from './format.js';
import { openBlock } from './reader.js';
import type { BlockSeriesInput } from './types.js';
import { writeBlock } from './write.js';

const START = 1_700_006_400_000; // a multiple of 2 h
const METRICS = [
  'node_cpu_seconds_total',
  'node_network_receive_bytes_total',
  'node_disk_read_bytes_total',
  'node_filesystem_avail_bytes',
  'node_memory_MemFree_bytes',
  'node_load1',
  'node_hwmon_temp_celsius',
  'node_network_transmit_packets_total',
  'node_disk_io_time_seconds_total',
  'node_vmstat_pgfault',
];
const SERIES_PER_HOST = 400;

/** Figures of one run; sizes in bytes, times in ms. */
export interface BlockMeasurement {
  readonly series: number;
  readonly samples: number;
  readonly fileBytes: number;
  readonly indexBytesPerSample: number;
  readonly chunkBytesPerSample: number;
  readonly totalBytesPerSample: number;
  readonly writeMs: number;
  readonly maxStallMs: number;
  readonly p99StallMs: number;
  readonly openMs: number;
  readonly readAllMs: number;
}

/** Series `i`: host `i / 400`, a metric and a device or cpu label like node_exporter's. */
function input(i: number, samples: number): BlockSeriesInput {
  const { ts, vs } = nodeExporterSeries(i, samples, START);
  const host = Math.floor(i / SERIES_PER_HOST);
  const k = i % SERIES_PER_HOST;
  const labels = labelsFromRecord({
    __name__: METRICS[k % METRICS.length]!,
    instance: `host-${host}.example.internal:9100`,
    job: 'node',
    ...(k % 3 === 0
      ? { cpu: String(k >> 2), mode: ['user', 'system', 'idle', 'iowait'][k % 4]! }
      : { device: `dev${k}` }),
  });
  return { labels, chunks: chunksOf(ts, vs) };
}

export async function measureBlock(series: number, samples: number): Promise<BlockMeasurement> {
  const inputs = Array.from({ length: series }, (_, i) => input(i, samples));
  const groups: BlockSeriesInput[][] = [];
  for (let i = 0; i < inputs.length; i += 1000) groups.push(inputs.slice(i, i + 1000));
  const dir = await tempDir();
  try {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    let t = performance.now();
    const written = await writeBlock(dir, { id: 1, requiresCheckpoint: 0 }, groups);
    const writeMs = performance.now() - t;
    h.disable();
    t = performance.now();
    const block = openBlock(written.path);
    const openMs = performance.now() - t;
    t = performance.now();
    let read = 0;
    for (let ref = 0; ref < block.seriesCount; ref++) read += block.range(ref, -Infinity, Infinity).length;
    const readAllMs = performance.now() - t;
    block.close();
    if (read !== written.meta.samples) throw new Error(`read ${read} samples of ${written.meta.samples}`);
    const file = readFileSync(written.path);
    const footer = decodeFooter(file.subarray(file.length - FOOTER_BYTES), file.length, crc32);
    if (typeof footer === 'string') throw new Error(footer);
    const n = written.meta.samples;
    return {
      series,
      samples: n,
      fileBytes: written.bytes,
      indexBytesPerSample: footer.indexLength / n,
      chunkBytesPerSample: footer.chunksLength / n,
      totalBytesPerSample: written.bytes / n,
      writeMs,
      maxStallMs: h.max / 1e6,
      p99StallMs: h.percentile(99) / 1e6,
      openMs,
      readAllMs,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const series = Number(process.argv[2] ?? 400);
  const samples = Number(process.argv[3] ?? 480);
  console.log(JSON.stringify(await measureBlock(series, samples), null, 2));
}

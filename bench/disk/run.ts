// Bytes per sample on disk: the embedded engine once sealed, beside Prometheus' blocks of the
// same samples (promtool tsdb create-blocks-from openmetrics). A benchmark, not a test.
// Usage: npm run bench:disk -- [--datasets node,random-walk,recorded] [--hosts 10] [--hours 8]
//   [--walks 2000] [--recorded file.jsonl]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine, formatTable } from '../lib/report.js';
import { nodeDataset, randomWalkDataset, recordedDataset } from './datasets.js';
import type { Dataset } from './datasets.js';
import { chunkDataSizes, randomWalkFloorBits } from './chunk-data.js';
import type { ChunkDataSizes } from './chunk-data.js';
import { embeddedSizes } from './embedded-size.js';
import { blockSizes, createBlocks, writeOpenMetrics } from './prometheus-blocks.js';

const { values: args } = parseArgs({
  options: {
    datasets: { type: 'string', default: 'node,random-walk' },
    hosts: { type: 'string', default: '10' },
    hours: { type: 'string', default: '8' },
    walks: { type: 'string', default: '2000' },
    recorded: { type: 'string' },
  },
  allowPositionals: true,
});

const TWO_HOURS = 2 * 3_600_000;
const hours = Number(args.hours);
// Whole 2 h blocks in the past, so both stores cut their blocks and chunks at the same bounds.
const endMs = Math.floor(Date.now() / TWO_HOURS) * TWO_HOURS - TWO_HOURS;
const startMs = endMs - hours * 3_600_000;

async function dataset(name: string): Promise<Dataset> {
  switch (name) {
    case 'node':
      return nodeDataset(Number(args.hosts), hours, startMs);
    case 'random-walk':
      return randomWalkDataset(Number(args.walks), hours, startMs);
    case 'recorded':
      if (args.recorded === undefined)
        throw new Error('cannot load data set "recorded": pass --recorded <file>');
      return recordedDataset(args.recorded);
    default:
      throw new Error(`cannot load data set "${name}": known are node, random-walk, recorded`);
  }
}

const b = (bytes: number, samples: number): string => (bytes / samples).toFixed(3);

/** The chunk-data-only lines of a data set: every at-rest encoding, families, decode speed. */
function printChunkData(name: string, c: ChunkDataSizes, promChunks: number): void {
  console.log(
    `  chunk data at rest (encodeAtRest on chunks cut as blocks cut them): XOR ${b(c.xor, c.samples)}, ` +
      `XOR|dense ${b(c.dense, c.samples)}, XOR|dense2 ${b(c.dense2, c.samples)}, ` +
      `smallest ${b(c.atRest, c.samples)} B/sample (${(c.atRest / promChunks).toFixed(2)}× Prometheus' chunks); ` +
      `chunks stored as ${JSON.stringify(c.kinds)}`,
  );
  const decode = Object.entries(c.decodeNs).map(
    ([kind, d]) =>
      `${kind} ${d.ns.toFixed(1)} (same chunks in XOR ${d.xorNs.toFixed(1)}) over ${d.samples.toLocaleString('en')} samples`,
  );
  console.log(`  decode, ns/sample (CPU time, fastest of 7 runs): ${decode.join('; ')}`);
  if (name === 'random-walk')
    console.log(
      `  entropy floor of the generator: ${(randomWalkFloorBits(dataOf.get(name)!) / 8).toFixed(3)} B/sample`,
    );
  console.log('  families by stored bytes (samples, XOR B/sample, at rest B/sample, share):');
  for (const f of c.families.slice(0, 12))
    console.log(
      `    ${f.name.padEnd(48)} ${String(f.samples).padStart(8)} ${b(f.xor, f.samples).padStart(7)} ` +
        `${b(f.atRest, f.samples).padStart(7)} ${((100 * f.atRest) / c.atRest).toFixed(1).padStart(5)} %`,
    );
}
const dataOf = new Map<string, Dataset>();
const chunkRows: string[][] = [];

console.log(`machine: ${await describeMachine()}`);
const rows: string[][] = [];
for (const name of args.datasets.split(',')) {
  const data = await dataset(name);
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-bench-disk-'));
  try {
    const text = join(dir, 'data.om');
    const samples = await writeOpenMetrics(data, text);
    const started = performance.now();
    await createBlocks(text, join(dir, 'prometheus'));
    const promS = (performance.now() - started) / 1000;
    await rm(text);
    const prom = await blockSizes(join(dir, 'prometheus'));
    const ours = await embeddedSizes(data, join(dir, 'embedded'), endMs + 60_000);
    const promTotal = prom.chunks + prom.index + prom.other;
    console.log(`\n${data.name}: ${data.description}; ${samples.toLocaleString('en')} samples`);
    console.log(
      `  prometheus: ${prom.blocks} blocks in ${promS.toFixed(0)} s; chunks ${b(prom.chunks, samples)}, ` +
        `index ${b(prom.index, samples)}, meta+tombstones ${b(prom.other, samples)} B/sample`,
    );
    const checkpointed = ours.chunkData + ours.chunkEntries + ours.series + ours.framing;
    console.log(
      ours.blocks > 0
        ? `  embedded:   blocks ${b(ours.blocks, samples)}, checkpoint ${b(checkpointed, samples)}, ` +
            `other files ${b(ours.total - ours.blocks - checkpointed, samples)} B/sample`
        : `  embedded:   ${ours.chunks.toLocaleString('en')} chunks; chunk data ${b(ours.chunkData, samples)}, ` +
            `chunk entries ${b(ours.chunkEntries, samples)}, series ${b(ours.series, samples)}, ` +
            `framing ${b(ours.framing, samples)}, other files ${b(ours.total - checkpointed, samples)} B/sample`,
    );
    dataOf.set(data.name, data);
    const c = chunkDataSizes(data);
    printChunkData(data.name, c, prom.chunks);
    chunkRows.push([
      data.name,
      b(c.xor, samples),
      b(c.dense, samples),
      b(c.atRest, samples),
      b(prom.chunks, samples),
      (c.atRest / prom.chunks).toFixed(2),
      Object.entries(c.decodeNs)
        .map(([kind, d]) => `${kind} ${d.ns.toFixed(0)}/${d.xorNs.toFixed(0)}`)
        .join(', '),
    ]);
    rows.push([
      data.name,
      samples.toLocaleString('en'),
      b(ours.total, samples),
      b(promTotal, samples),
      (ours.total / promTotal).toFixed(2),
      b(prom.chunks, samples),
      // In blocks the chunk data is what encodeAtRest stores (measured above on the same cuts).
      ((ours.blocks > 0 ? c.atRest : ours.chunkData) / prom.chunks).toFixed(2),
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
console.log('');
console.log(
  formatTable(
    [
      'data set',
      'samples',
      'embedded B/sample',
      'prometheus 2 h blocks B/sample',
      'ratio (goal ≤ 0.75)',
      'prometheus chunks only',
      'chunk data ratio',
    ],
    rows,
  ),
);
console.log('');
console.log(
  formatTable(
    [
      'data set',
      'chunk data XOR',
      'XOR|dense (format v3)',
      'encodeAtRest',
      'prometheus chunks',
      'at rest / prometheus chunks',
      'decode ns/sample kind/XOR',
    ],
    chunkRows,
  ),
);

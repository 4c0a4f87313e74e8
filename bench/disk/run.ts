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
    console.log(
      `  embedded:   ${ours.chunks.toLocaleString('en')} chunks; chunk data ${b(ours.chunkData, samples)}, ` +
        `chunk entries ${b(ours.chunkEntries, samples)}, series ${b(ours.series, samples)}, ` +
        `framing ${b(ours.framing, samples)}, other files ${b(ours.total - ours.chunkData - ours.chunkEntries - ours.series - ours.framing, samples)} B/sample`,
    );
    rows.push([
      data.name,
      samples.toLocaleString('en'),
      b(ours.total, samples),
      b(promTotal, samples),
      (ours.total / promTotal).toFixed(2),
      b(prom.chunks, samples),
      (ours.chunkData / prom.chunks).toFixed(2),
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

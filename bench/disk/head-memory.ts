// Memory of the embedded engine holding a day of node_exporter data, with time blocks cut as
// the data arrives (as the engine does on its timer) and without (every sample in the head, as
// before format v4). Prints heap after a full GC and the head's sample count.
// Usage: node --expose-gc --conditions=seahawks-source --import tsx bench/disk/head-memory.ts -- [--hosts 10] [--hours 24]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEmbeddedStorage } from '../../apps/nester/src/tsdb/embedded/index.js';
import { nodeDataset } from './datasets.js';

const { values: args } = parseArgs({
  options: { hosts: { type: 'string', default: '10' }, hours: { type: 'string', default: '24' } },
  allowPositionals: true,
});
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('cannot measure memory: run node with --expose-gc');
const hours = Number(args.hours);
const start = Math.floor((Date.now() - (hours + 1) * 3_600_000) / 7_200_000) * 7_200_000;
const data = nodeDataset(Number(args.hosts), hours, start);

for (const blocks of [true, false]) {
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-head-memory-'));
  const storage = await openEmbeddedStorage({
    dir,
    checkpointIntervalMs: 86_400_000,
    logger: { warn: (m) => console.warn(m), info: () => undefined },
  });
  try {
    gc();
    const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    let samples = 0;
    for (const batch of data.batches()) {
      const r = await storage.appender.append(batch);
      samples += r.accepted;
      if (blocks) await storage.compact();
    }
    gc();
    const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const s = storage.stats();
    console.log(
      `${blocks ? 'with blocks   ' : 'head only     '} ${samples.toLocaleString('en')} samples, head ${s.samplesInHead.toLocaleString('en')}, ` +
        `${s.blocks} blocks (${(s.blockBytes / 2 ** 20).toFixed(1)} MiB on disk); heap + buffers grew ${((after - before) / 2 ** 20).toFixed(1)} MiB ` +
        `= ${((after - before) / samples).toFixed(2)} B/sample`,
    );
  } finally {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  }
}

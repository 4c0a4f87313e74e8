// The harvester's work per interval, alone in a process: create the default collectors, then
// every second (aligned to the second, as the agent aligns to its interval) collectAll over
// the real /proc and /sys, familiesToSamples with the agent's identity labels, remote_write
// protobuf encoding and snappy compression. No nester, queue or shipping. run.ts transpiles
// this file to plain JavaScript and runs it with plain Node on the compiled harvester
// (apps/harvester/dist), so no TypeScript loader sits in the measured process.
// Usage (by run.ts): node harvester-loop.mjs <repo root> <textfile directory> <max seconds>
// Prints one line per collection: `collected <timestamp ms> <samples> <bytes>`.
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { collectAll as CollectAll } from '../../apps/harvester/src/collectors/collector.js';
import type { createCollectors as CreateCollectors } from '../../apps/harvester/src/collectors/registry.js';
import type { familiesToSamples as FamiliesToSamples } from '../../apps/harvester/src/exposition/samples.js';
import type {
  encodeWriteRequest as EncodeWriteRequest,
  snappyCompress as SnappyCompress,
} from '../../packages/protocol/src/index.js';

const [root, textfileDirectory, maxSecondsText] = process.argv.slice(2);
if (root === undefined || textfileDirectory === undefined || !(Number(maxSecondsText) > 0))
  throw new Error('cannot run: usage: harvester-loop.mjs <repo root> <textfile directory> <max seconds>');
const deadline = Date.now() + Number(maxSecondsText) * 1000;

const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(root, path)).href)) as T;
const { collectAll } = await load<{ collectAll: typeof CollectAll }>(
  'apps/harvester/dist/collectors/collector.js',
);
const { createCollectors } = await load<{ createCollectors: typeof CreateCollectors }>(
  'apps/harvester/dist/collectors/registry.js',
);
const { familiesToSamples } = await load<{ familiesToSamples: typeof FamiliesToSamples }>(
  'apps/harvester/dist/exposition/samples.js',
);
const { encodeWriteRequest, snappyCompress } = await load<{
  encodeWriteRequest: typeof EncodeWriteRequest;
  snappyCompress: typeof SnappyCompress;
}>('packages/protocol/dist/index.js');

const collectors = createCollectors({}, { textfile: { directories: [textfileDirectory] } });
const context = { procRoot: '/proc', sysRoot: '/sys', rootfs: '/' };
const identity = { job: 'node', instance: 'bench' };
let stopping = false;
process.once('SIGTERM', () => {
  stopping = true;
});

// Bounded by the deadline even if the parent never sends SIGTERM.
while (!stopping && Date.now() < deadline) {
  await sleep(1000 - (Date.now() % 1000));
  const now = Date.now();
  const families = await collectAll(
    collectors,
    context,
    () => performance.now(),
    (name, err) => process.stderr.write(`collector ${name} failed: ${String(err)}\n`),
  );
  const samples = familiesToSamples(families, identity, now);
  const payload = snappyCompress(
    encodeWriteRequest(
      samples.map((s) => ({ labels: s.labels, samples: [{ t: s.timestampMs, v: s.value }] })),
    ),
  );
  process.stdout.write(`collected ${now} ${samples.length} ${payload.length}\n`);
}

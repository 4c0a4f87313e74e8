/**
 * Child process of crash.test.ts: appends batches from several concurrent writers until it is
 * killed, printing the id of each batch once its append resolved (acknowledged as durable).
 * Usage: node --conditions=seahawks-source --import tsx crash-writer.ts <dir> <firstId> <baseMs> [stepMs]
 * With a large `stepMs` (minutes of data per batch) the head is cut into time blocks, and
 * blocks merged, while the writer runs, so kills also land in compactions and merges.
 */
import { pathToFileURL } from 'node:url';
import type { SeriesSamples } from '../../storage/storage.js';
import { openEmbeddedStorage } from './open-embedded.js';

/** Series per crash batch; every batch writes one sample to each. */
export const CRASH_SERIES = 50;

/** Keeps far-apart test data from falling out of retention. */
export const CRASH_RETENTION_MS = 1000 * 86_400_000;

/** Batch `id`: one sample at `base + id · step` on each series, value `id * 100 + series`. */
export function crashBatch(id: number, base: number, step = 1000): SeriesSamples[] {
  return Array.from({ length: CRASH_SERIES }, (_, s) => ({
    labels: [
      { name: '__name__', value: 'crash' },
      { name: 's', value: String(s) },
    ],
    samples: [{ t: base + id * step, v: id * 100 + s }],
  }));
}

async function main(dir: string, firstId: number, base: number, step: number): Promise<void> {
  const storage = await openEmbeddedStorage({
    dir,
    retentionMs: CRASH_RETENTION_MS,
    // Small segments and frequent checkpoints, so kills also land in rotations and checkpoints.
    walSegmentBytes: 64 * 1024,
    checkpointIntervalMs: 25,
    checkpointMinBytes: 96 * 1024,
    logger: { warn: (msg) => process.stderr.write(`${msg}\n`), info: () => undefined },
  });
  let next = firstId;
  const writer = async (): Promise<void> => {
    for (;;) {
      const id = next++;
      await storage.appender.append(crashBatch(id, base, step));
      process.stdout.write(`${id}\n`);
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, firstId, base, step] = process.argv.slice(2);
  main(dir ?? '', Number(firstId), Number(base), Number(step ?? 1000)).catch((err: unknown) => {
    process.stderr.write(`cannot run crash writer: ${String(err)}\n`);
    process.exit(1);
  });
}

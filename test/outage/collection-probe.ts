// What a harvester collected, recorded by the harvester process itself. Loaded into it with
// `--import` (see PROBE_ENV): the harvester logs no line per collection, and its queue files are
// deleted as soon as the nester acknowledges them, so neither can say afterwards what was
// collected. The probe wraps `DiskQueue.append`, the door every collection goes through (one
// batch per collection, `minT` = its timestamp), and only observes: the batch is appended as
// before, and the line is written after the append resolved, i.e. once the batch is durable
// and the harvester answers for it.
import { appendFileSync, readFileSync } from 'node:fs';
import { describeError } from '@seahawks/model';
import { DiskQueue } from '../../apps/harvester/src/queue/disk-queue.js';
import type { BatchMeta } from '../../apps/harvester/src/queue/types.js';

/** The variable naming the file a probed harvester appends its lines to. */
export const PROBE_ENV = 'SEAHAWKS_TEST_COLLECTION_LOG';

/** One collection as the probe saw it. */
export interface Collection {
  /** The batch's oldest sample timestamp, ms: the collection's time. */
  readonly t: number;
  /** The batch's newest sample timestamp, ms: equal to `t` (one collection, one timestamp). */
  readonly maxT: number;
  readonly samples: number;
  /** `queued` once durable in the on-disk queue; `failed` when the append was refused. */
  readonly outcome: 'queued' | 'failed';
  /** For `failed`: why. */
  readonly error?: string;
}

/** Wraps `DiskQueue.prototype.append` so each append leaves a line in `file`. */
export function installCollectionProbe(file: string): void {
  // Unbound on purpose: it is called with each queue as `this` below.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = DiskQueue.prototype.append;
  DiskQueue.prototype.append = async function (this: DiskQueue, payload: Uint8Array, meta: BatchMeta) {
    try {
      await original.call(this, payload, meta);
    } catch (err) {
      appendFileSync(
        file,
        `${JSON.stringify({ ...fields(meta), outcome: 'failed', error: describeError(err) })}\n`,
      );
      throw err;
    }
    appendFileSync(file, `${JSON.stringify({ ...fields(meta), outcome: 'queued' })}\n`);
  };
}

// Recorded as is, never checked here: the probe must not change what the harvester does.
function fields(meta: BatchMeta): { t: number; maxT: number; samples: number } {
  return { t: meta.minT, maxT: meta.maxT, samples: meta.samples };
}

/** Reads the lines a probed harvester wrote (an absent file: none yet). */
export function readCollections(file: string): Collection[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  // A line being written while we read is incomplete: only whole lines count.
  const lines = text.split('\n').slice(0, -1);
  return lines.map((line) => JSON.parse(line) as Collection);
}

const target = process.env[PROBE_ENV];
if (target !== undefined && target !== '') installCollectionProbe(target);

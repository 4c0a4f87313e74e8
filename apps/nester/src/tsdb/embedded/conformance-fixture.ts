import { mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageFactory, StorageFixture } from '../../storage/conformance.js';
import type { EmbeddedStorage } from './embedded-storage.js';
import { openEmbeddedStorage } from './open-embedded.js';
import type { EmbeddedLogger, EmbeddedOptions } from './options.js';

const DAY = 86_400_000;

/** A logger that keeps messages for assertions instead of printing them. */
export function memoryLogger(): EmbeddedLogger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (msg) => warnings.push(msg), info: () => undefined };
}

/** Cuts `bytes` off the newest non-empty WAL segment under `dir`. */
export async function tearWalTail(dir: string, bytes: number): Promise<void> {
  const walDir = join(dir, 'wal');
  const segments = (await readdir(walDir)).filter((name) => /^\d{8}$/.test(name)).sort();
  for (const name of segments.reverse()) {
    const path = join(walDir, name);
    const { size } = await stat(path);
    if (size === 0) continue;
    await truncate(path, Math.max(0, size - bytes));
    return;
  }
  throw new Error(`cannot tear WAL tail in ${walDir}: no non-empty segment`);
}

/**
 * Factory of the conformance suite for the embedded engine: a fresh directory under the OS temp
 * directory per fixture, removed by `cleanup`. `extra` overrides options (e.g. a small segment);
 * `checkpointAfterReopen` writes a checkpoint right after each reopen, so the next reopen
 * reads it instead of WAL segments; `compactAfterReopen` cuts everything the head holds into a
 * time block right after each reopen, so what was written before is read from blocks (merged
 * with the head for what comes after).
 */
export function embeddedFactory(
  extra: Partial<EmbeddedOptions> = {},
  { checkpointAfterReopen = false, compactAfterReopen = false } = {},
): StorageFactory {
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seahawks-embedded-'));
    const open = (): Promise<EmbeddedStorage> =>
      openEmbeddedStorage({ logger: memoryLogger(), outOfOrderWindowMs: DAY, ...extra, dir });
    let current = await open();
    const fixture: StorageFixture = {
      get storage() {
        return current;
      },
      reopen: async () => {
        current = await open();
        if (checkpointAfterReopen) await current.checkpoint();
        if (compactAfterReopen) await current.compact({ all: true });
        return current;
      },
      cleanup: async () => {
        await current.close();
        await rm(dir, { recursive: true, force: true });
      },
      outOfOrderWindowMs: extra.outOfOrderWindowMs ?? DAY,
      tearWalTail: (bytes) => tearWalTail(dir, bytes),
      corruptionsRepaired: (storage) => (storage as EmbeddedStorage).stats().walCorruptionsRepaired,
    };
    return fixture;
  };
}

import { open, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeError } from '@seahawks/model';
import { StorageIOError } from '../../storage/errors.js';

/** Directories this process holds open, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else; it still holds the directory.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A held data directory; `release` gives it up. */
export interface DirLock {
  release(): Promise<void>;
}

/**
 * Takes `<dir>/lock`, holding this process' pid. Two writers on one WAL would interleave
 * records, so a directory held by another live process (or already open here) is refused. A
 * lock left by a dead process (kill -9) is taken over: node has no flock, so liveness of the
 * recorded pid stands in for it. A recycled pid can make this refuse wrongly; removing the
 * stale lock file by hand then resolves it, and the message says so.
 */
export async function lockDir(dir: string): Promise<DirLock> {
  const abs = resolve(dir);
  const path = join(abs, 'lock');
  if (heldHere.has(abs))
    throw new StorageIOError(`cannot open embedded storage ${abs}: already open in this process`);
  const owner = await readOwner(path);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new StorageIOError(
      `cannot open embedded storage ${abs}: locked by running process ${owner} (remove ${path} if that is not a nester)`,
    );
  }
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(`${process.pid}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  heldHere.add(abs);
  return {
    release: async () => {
      heldHere.delete(abs);
      try {
        await unlink(path);
      } catch (err) {
        throw new StorageIOError(`cannot remove lock ${path}: ${describeError(err)}`, { cause: err });
      }
    },
  };
}

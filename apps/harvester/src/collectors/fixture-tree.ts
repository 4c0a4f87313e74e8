import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CollectContext } from './collector.js';

/** A file's content, or a symlink to create (target relative to the link, as in sysfs). */
export type TreeEntry = string | { link: string };

/**
 * A throwaway /proc + /sys tree for collector tests that need a case the checked-in
 * fixtures under testdata/ do not show (a VM without hwmon, a CPU going offline).
 * Paths are relative to the tree root: `proc/stat`, `sys/class/hwmon/hwmon0/name`.
 */
export class FixtureTree {
  private constructor(readonly root: string) {}

  /** Creates the tree in a fresh temporary directory. */
  static async create(entries: Readonly<Record<string, TreeEntry>>): Promise<FixtureTree> {
    const tree = new FixtureTree(await mkdtemp(join(tmpdir(), 'seahawks-tree-')));
    await tree.write(entries);
    return tree;
  }

  /** Writes (or overwrites) files and links. */
  async write(entries: Readonly<Record<string, TreeEntry>>): Promise<void> {
    for (const [path, entry] of Object.entries(entries)) {
      const full = join(this.root, path);
      await mkdir(dirname(full), { recursive: true });
      if (typeof entry === 'string') await writeFile(full, entry);
      else await symlink(entry.link, full);
    }
  }

  /** The context that points collectors at this tree (`proc/`, `sys/`, rootfs `/`). */
  get ctx(): CollectContext {
    return { procRoot: join(this.root, 'proc'), sysRoot: join(this.root, 'sys'), rootfs: '/' };
  }

  /** Deletes the tree. */
  async remove(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

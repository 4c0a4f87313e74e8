import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CollectContext, MetricFamily } from './collector.js';

/**
 * Test support for collectors: the checked-in fixture machines under testdata/ and the
 * machine running the tests.
 */

/** `apps/harvester/testdata/`, with a trailing separator. */
export const TESTDATA = fileURLToPath(new URL('../../testdata/', import.meta.url));

/** The fixture machines: an x86 desktop and a Raspberry Pi 4. */
export const FIXTURE_TREES = ['x86', 'rpi'] as const;
export type FixtureTreeName = (typeof FIXTURE_TREES)[number];

/** Points collectors at `testdata/<tree>/{proc,sys,rootfs}`. */
export function fixtureContext(tree: FixtureTreeName): CollectContext {
  const root = join(TESTDATA, tree);
  return { procRoot: join(root, 'proc'), sysRoot: join(root, 'sys'), rootfs: join(root, 'rootfs') };
}

/** The machine running the tests. */
export const HOST_CONTEXT: CollectContext = { procRoot: '/proc', sysRoot: '/sys', rootfs: '/' };

/** Why to skip a real-machine test, or false on Linux. */
export const SKIP_OFF_LINUX: string | false =
  process.platform === 'linux' ? false : 'needs Linux /proc and /sys';

/** The families by name; a name seen twice keeps the first. */
export function familiesByName(families: readonly MetricFamily[]): Map<string, MetricFamily> {
  const out = new Map<string, MetricFamily>();
  for (const f of families) if (!out.has(f.name)) out.set(f.name, f);
  return out;
}

/** The value of the series of family `name` whose labels include `labels`; undefined when none. */
export function valueOf(
  families: readonly MetricFamily[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  for (const f of families) {
    if (f.name !== name) continue;
    const m = f.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    if (m !== undefined) return m.value;
  }
  return undefined;
}

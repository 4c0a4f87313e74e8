import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatText } from '../exposition/text-format.js';
import { collectAll } from './collector.js';
import type { StatfsFunction, StatfsResult } from './mount-stat.js';
import { createCollectors } from './registry.js';

// Golden files: what every collector makes of a fixture tree, in the text format, compared
// byte for byte. After an intended change, regenerate with
//   UPDATE_GOLDEN=1 node scripts/test.mjs --no-e2e --no-build apps/harvester/src/collectors
// and review the diff of testdata/*.golden.prom like code.

const TESTDATA = fileURLToPath(new URL('../../testdata/', import.meta.url));

type FakeMount = StatfsResult | { error: string } | { hang: true };

/**
 * statfs answered from `<tree>/statfs.json`, keyed by mount point: numbers, `{ "error": "EACCES" }`
 * for a call that fails, `{ "hang": true }` for a dead NFS server.
 */
async function fixtureStatfs(tree: string): Promise<StatfsFunction> {
  const table = JSON.parse(await readFile(join(TESTDATA, tree, 'statfs.json'), 'utf8')) as Record<
    string,
    FakeMount
  >;
  return (path) => {
    const entry = table[path];
    if (entry === undefined)
      return Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));
    if ('hang' in entry) return new Promise<StatfsResult>(() => {});
    if ('error' in entry)
      return Promise.reject(Object.assign(new Error(`${entry.error}: ${path}`), { code: entry.error }));
    return Promise.resolve(entry);
  };
}

async function collectFixture(tree: string): Promise<string> {
  const root = join(TESTDATA, tree);
  const textfileDir = join(root, 'rootfs/var/lib/prometheus/node-exporter');
  const collectors = createCollectors(
    { enable: ['processes'] },
    {
      filesystem: { statfs: await fixtureStatfs(tree), timeoutMs: 20 },
      // The context's rootfs stays / (statfs is faked above); os-release comes from the tree.
      os: { rootfs: join(root, 'rootfs') },
      time: {
        now: () => 1_700_000_000_000,
        zone: () => Promise.resolve({ name: 'UTC', offsetSeconds: 0 }),
      },
      textfile: { directories: [textfileDir] },
    },
  );
  const errors: string[] = [];
  const families = await collectAll(
    collectors,
    { procRoot: join(root, 'proc'), sysRoot: join(root, 'sys'), rootfs: '/' },
    () => 0,
    (name, err) => errors.push(`${name}: ${String(err)}`),
  );
  assert.deepEqual(errors, [], 'no collector fails on a fixture tree');
  // A checkout's path and its files' mtimes differ on every machine: normalise both.
  return formatText(families)
    .replaceAll(TESTDATA, '<testdata>/')
    .replace(/^(node_textfile_mtime_seconds\{[^}]*\}) \S+$/gm, '$1 <mtime>');
}

describe('golden metrics of fixture trees', () => {
  for (const tree of ['x86', 'rpi']) {
    it(`${tree} matches testdata/${tree}.golden.prom`, async () => {
      const got = await collectFixture(tree);
      const goldenPath = join(TESTDATA, `${tree}.golden.prom`);
      if (process.env.UPDATE_GOLDEN === '1') await writeFile(goldenPath, got);
      assert.equal(got, await readFile(goldenPath, 'utf8'));
    });
  }

  it('shows the Raspberry Pi CPU temperature from thermal_zone0', async () => {
    const text = await collectFixture('rpi');
    assert.match(text, /^node_thermal_zone_temp\{type="cpu-thermal",zone="0"\} 48\.312$/m);
  });
});

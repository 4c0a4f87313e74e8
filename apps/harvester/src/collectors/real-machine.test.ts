import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { formatText } from '../exposition/text-format.js';
import { collectAll, type CollectContext, type MetricFamily } from './collector.js';
import { createCollectors } from './registry.js';

// The collectors on the machine running the tests: every one must succeed and report values
// that agree with the kernel's own files. Skipped off Linux.

const LINUX = process.platform === 'linux';
const HOST: CollectContext = { procRoot: '/proc', sysRoot: '/sys', rootfs: '/' };

function values(families: MetricFamily[], name: string): number[] {
  return families.filter((f) => f.name === name).flatMap((f) => f.metrics.map((m) => m.value));
}

describe('collectors on this machine', { skip: LINUX ? false : 'needs Linux /proc and /sys' }, () => {
  it('all succeed and agree with /proc', async () => {
    const failures: string[] = [];
    const families = await collectAll(
      createCollectors(),
      HOST,
      () => performance.now(),
      (name, err) => failures.push(`${name}: ${String(err)}`),
    );
    assert.deepEqual(failures, []);
    assert.ok(values(families, 'node_scrape_collector_success').every((v) => v === 1));

    const memTotalKb = Number(/^MemTotal:\s+(\d+) kB$/m.exec(await readFile('/proc/meminfo', 'utf8'))?.[1]);
    assert.deepEqual(values(families, 'node_memory_MemTotal_bytes'), [memTotalKb * 1024]);
    const [free] = values(families, 'node_memory_MemFree_bytes');
    assert.ok(free !== undefined && free > 0 && free <= memTotalKb * 1024);

    const cpuLines = (await readFile('/proc/stat', 'utf8'))
      .split('\n')
      .filter((l) => /^cpu\d+ /.test(l)).length;
    const cpuLabels = new Set(
      families.find((f) => f.name === 'node_cpu_seconds_total')?.metrics.map((m) => m.labels.cpu),
    );
    assert.equal(cpuLabels.size, cpuLines);
    assert.ok(values(families, 'node_cpu_seconds_total').every((v) => Number.isFinite(v) && v >= 0));
    assert.ok(values(families, 'node_cpu_seconds_total').some((v) => v > 0));

    for (const name of ['node_load1', 'node_load5', 'node_load15']) {
      const [load] = values(families, name);
      assert.ok(load !== undefined && load >= 0, `${name} is a non-negative number`);
    }

    const netDevices = (await readFile('/proc/net/dev', 'utf8'))
      .split('\n')
      .filter((l) => l.includes(':')).length;
    assert.equal(values(families, 'node_network_receive_bytes_total').length, netDevices);
  });

  it('reports filesystems whose numbers hold together', async () => {
    const families = await createCollectors({ disableDefaults: true, enable: ['filesystem'] })[0]!.collect(
      HOST,
    );
    const size = families.find((f) => f.name === 'node_filesystem_size_bytes')?.metrics ?? [];
    const avail = families.find((f) => f.name === 'node_filesystem_avail_bytes')?.metrics ?? [];
    const free = families.find((f) => f.name === 'node_filesystem_free_bytes')?.metrics ?? [];
    assert.equal(size.length, avail.length);
    size.forEach((s, i) => {
      assert.ok(
        avail[i]!.value <= free[i]!.value && free[i]!.value <= s.value,
        `${s.labels.mountpoint}: avail ≤ free ≤ size`,
      );
    });
  });

  it('formats to text every line of which is a HELP, a TYPE or a sample', async () => {
    const text = formatText(await collectAll(createCollectors(), HOST, () => performance.now()));
    for (const line of text.trimEnd().split('\n')) {
      assert.match(line, /^(# (HELP|TYPE) node_\w+ .*|node_\w+(\{.*\})? \S+)$/);
    }
  });
});

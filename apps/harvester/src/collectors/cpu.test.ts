import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { MetricFamily } from './collector.js';
import { CpuCollector } from './cpu.js';
import { FixtureTree } from './fixture-tree.js';

function value(families: MetricFamily[], name: string, cpu: string, mode: string): number | undefined {
  return families
    .find((f) => f.name === name)
    ?.metrics.find((m) => m.labels.cpu === cpu && m.labels.mode === mode)?.value;
}

function cpus(families: MetricFamily[]): string[] {
  const seconds = families.find((f) => f.name === 'node_cpu_seconds_total')!;
  return [...new Set(seconds.metrics.map((m) => m.labels.cpu!))];
}

describe('cpu collector', async () => {
  const tree = await FixtureTree.create({ 'proc/stat': '' });
  after(() => tree.remove());
  const stat = (...lines: string[]): Promise<void> => tree.write({ 'proc/stat': `${lines.join('\n')}\n` });

  it('converts USER_HZ ticks to seconds and does not subtract guest time from user', async () => {
    await stat('cpu  2653 10 1130 31993 71 0 11 2 1000 5', 'cpu0 2653 10 1130 31993 71 0 11 2 1000 5');
    const families = await new CpuCollector().collect(tree.ctx);
    assert.equal(value(families, 'node_cpu_seconds_total', '0', 'user'), 26.53);
    assert.equal(value(families, 'node_cpu_seconds_total', '0', 'nice'), 0.1);
    assert.equal(value(families, 'node_cpu_seconds_total', '0', 'idle'), 319.93);
    assert.equal(value(families, 'node_cpu_guest_seconds_total', '0', 'user'), 10);
    assert.equal(value(families, 'node_cpu_guest_seconds_total', '0', 'nice'), 0.05);
    const seconds = families.find((f) => f.name === 'node_cpu_seconds_total')!;
    assert.equal(seconds.type, 'counter');
    assert.equal(seconds.help, 'Seconds the CPUs spent in each mode.');
    assert.deepEqual(
      seconds.metrics.map((m) => m.labels.mode),
      ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'],
    );
  });

  it('keeps counters monotonic when the kernel steps one back', async () => {
    const collector = new CpuCollector();
    await stat('cpu0 100 0 100 1000 50 0 0 0 0 0');
    await collector.collect(tree.ctx);
    await stat('cpu0 110 0 100 1001 40 0 0 0 0 0');
    const families = await collector.collect(tree.ctx);
    assert.equal(
      value(families, 'node_cpu_seconds_total', '0', 'iowait'),
      0.5,
      'iowait stays at its high-water mark',
    );
    assert.equal(value(families, 'node_cpu_seconds_total', '0', 'user'), 1.1);
  });

  it('starts a CPU over when idle drops by 3 s or more (hotplug)', async () => {
    const collector = new CpuCollector();
    await stat('cpu0 100 0 100 1000 50 0 0 0 0 0');
    await collector.collect(tree.ctx);
    await stat('cpu0 5 0 5 600 1 0 0 0 0 0');
    const families = await collector.collect(tree.ctx);
    assert.equal(value(families, 'node_cpu_seconds_total', '0', 'idle'), 6);
    assert.equal(value(families, 'node_cpu_seconds_total', '0', 'iowait'), 0.01);
  });

  it('drops CPUs that went offline and forgets them', async () => {
    const collector = new CpuCollector();
    await stat('cpu0 1 0 0 10 0 0 0 0 0 0', 'cpu1 900 0 0 9000 0 0 0 0 0 0');
    assert.deepEqual(cpus(await collector.collect(tree.ctx)), ['0', '1']);
    await stat('cpu0 2 0 0 20 0 0 0 0 0 0');
    assert.deepEqual(cpus(await collector.collect(tree.ctx)), ['0']);
    await stat('cpu0 3 0 0 30 0 0 0 0 0 0', 'cpu1 1 0 0 1 0 0 0 0 0 0');
    const families = await collector.collect(tree.ctx);
    assert.equal(
      value(families, 'node_cpu_seconds_total', '1', 'user'),
      0.01,
      'a CPU back online starts fresh',
    );
  });

  it('leaves node_cpu_guest_seconds_total out when guest is off', async () => {
    await stat('cpu0 1 0 0 10 0 0 0 0 0 0');
    const families = await new CpuCollector({ guest: false }).collect(tree.ctx);
    assert.deepEqual(
      families.map((f) => f.name),
      ['node_cpu_seconds_total'],
    );
  });

  it('fails with the path when /proc/stat is missing', async () => {
    const ctx = { ...tree.ctx, procRoot: `${tree.root}/nope` };
    await assert.rejects(new CpuCollector().collect(ctx), {
      code: 'collector_read_failed',
      message: /^cannot read .*\/nope\/stat: ENOENT/,
    });
  });
});

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, valueOf } from './testdata.js';
import { TimeCollector } from './time.js';

const FIXED = {
  now: () => 1_700_000_000_123,
  zone: () => Promise.resolve({ name: 'CET', offsetSeconds: 3600 }),
};

describe('time collector', () => {
  it('reports the clock, the zone and the x86 clocksources', async () => {
    const families = await new TimeCollector(FIXED).collect(fixtureContext('x86'));
    assert.deepEqual(families, [
      {
        name: 'node_time_seconds',
        help: 'System time in seconds since epoch (1970).',
        type: 'gauge',
        metrics: [{ labels: {}, value: 1_700_000_000.123 }],
      },
      {
        name: 'node_time_zone_offset_seconds',
        help: 'System time zone offset in seconds.',
        type: 'gauge',
        metrics: [{ labels: { time_zone: 'CET' }, value: 3600 }],
      },
      {
        name: 'node_time_clocksource_available_info',
        help: "Available clocksources read from '/sys/devices/system/clocksource'.",
        type: 'gauge',
        metrics: [
          { labels: { device: '0', clocksource: 'tsc' }, value: 1 },
          { labels: { device: '0', clocksource: 'hpet' }, value: 1 },
          { labels: { device: '0', clocksource: 'acpi_pm' }, value: 1 },
        ],
      },
      {
        name: 'node_time_clocksource_current_info',
        help: "Current clocksource read from '/sys/devices/system/clocksource'.",
        type: 'gauge',
        metrics: [{ labels: { device: '0', clocksource: 'tsc' }, value: 1 }],
      },
    ]);
  });

  it('reads the Raspberry Pi clocksource', async () => {
    const families = await new TimeCollector(FIXED).collect(fixtureContext('rpi'));
    assert.equal(
      valueOf(families, 'node_time_clocksource_current_info', { clocksource: 'arch_sys_counter' }),
      1,
    );
  });

  describe('odd clocksource trees', async () => {
    const tree = await FixtureTree.create({
      'sys/devices/system/clocksource/clocksource0/available_clocksource': 'a \n',
      'sys/devices/system/clocksource/clocksource0/current_clocksource': 'a\n',
      'sys/devices/system/clocksource/clocksource10/available_clocksource': 'c\n',
      'sys/devices/system/clocksource/clocksource10/current_clocksource': 'c\n',
      'sys/devices/system/clocksource/clocksource2/available_clocksource': 'b\n',
      'sys/devices/system/clocksource/clocksource2/current_clocksource': 'b\n',
      'sys/devices/system/clocksource/power/control': 'auto\n',
    });
    after(() => tree.remove());

    it('numbers devices by position in name order, as node_exporter does', async () => {
      const families = await new TimeCollector(FIXED).collect(tree.ctx);
      assert.deepEqual(
        families.find((f) => f.name === 'node_time_clocksource_current_info')!.metrics.map((m) => m.labels),
        [
          { device: '0', clocksource: 'a' },
          { device: '1', clocksource: 'c' },
          { device: '2', clocksource: 'b' },
        ],
      );
    });

    it('fails when a clocksource cannot be read', async () => {
      await tree.write({ 'sys/devices/system/clocksource/clocksource3/available_clocksource': 'd\n' });
      await assert.rejects(new TimeCollector(FIXED).collect(tree.ctx), {
        message: /^cannot read .*clocksource3\/current_clocksource: ENOENT/,
      });
    });

    it('reports only the clock without /sys/devices/system/clocksource', async () => {
      const empty = await FixtureTree.create({ 'sys/kernel/x': '' });
      try {
        const families = await new TimeCollector(FIXED).collect(empty.ctx);
        assert.deepEqual(
          families.map((f) => f.name),
          ['node_time_seconds', 'node_time_zone_offset_seconds'],
        );
      } finally {
        await empty.remove();
      }
    });
  });

  describe('on this machine', { skip: SKIP_OFF_LINUX }, () => {
    it('agrees with the clock and /sys', async () => {
      const before = Date.now() / 1000;
      const families = await new TimeCollector().collect(HOST_CONTEXT);
      const seconds = valueOf(families, 'node_time_seconds')!;
      assert.ok(seconds >= before && seconds <= Date.now() / 1000);
      const current = (
        await readFile('/sys/devices/system/clocksource/clocksource0/current_clocksource', 'utf8')
      ).trim();
      assert.equal(valueOf(families, 'node_time_clocksource_current_info', { clocksource: current }), 1);
      const offset = families.find((f) => f.name === 'node_time_zone_offset_seconds')!.metrics[0]!;
      assert.equal(offset.value, -new Date().getTimezoneOffset() * 60 || 0);
    });
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { ThermalZoneCollector } from './thermal-zone.js';

describe('thermal_zone collector', async () => {
  const tree = await FixtureTree.create({
    'sys/class/thermal/thermal_zone0/type': 'cpu-thermal\n',
    'sys/class/thermal/thermal_zone0/temp': '48312\n',
    'sys/class/thermal/thermal_zone10/type': 'battery\n',
    'sys/class/thermal/thermal_zone10/temp': '-5000\n',
    'sys/class/thermal/thermal_zone2/type': 'broken\n',
    'sys/class/thermal/thermal_zone2/temp': 'n/a\n',
    'sys/class/thermal/thermal_zoneX/type': 'not a zone\n',
    'sys/class/thermal/cooling_device0/type': 'gpio-fan\n',
    'sys/class/thermal/cooling_device0/cur_state': '1\n',
    'sys/class/thermal/cooling_device0/max_state': '2\n',
    'sys/class/thermal/cooling_device1/type': 'half\n',
  });
  after(() => tree.remove());

  it('reports zones in Celsius and cooling devices, skipping what cannot be read', async () => {
    const families = await new ThermalZoneCollector().collect(tree.ctx);
    assert.deepEqual(families, [
      {
        name: 'node_thermal_zone_temp',
        help: 'Zone temperature in Celsius',
        type: 'gauge',
        metrics: [
          { labels: { zone: '0', type: 'cpu-thermal' }, value: 48.312 },
          { labels: { zone: '10', type: 'battery' }, value: -5 },
        ],
      },
      {
        name: 'node_cooling_device_cur_state',
        help: 'Current throttle state of the cooling device',
        type: 'gauge',
        metrics: [{ labels: { name: '0', type: 'gpio-fan' }, value: 1 }],
      },
      {
        name: 'node_cooling_device_max_state',
        help: 'Maximum throttle state of the cooling device',
        type: 'gauge',
        metrics: [{ labels: { name: '0', type: 'gpio-fan' }, value: 2 }],
      },
    ]);
  });

  it('emits nothing when /sys/class/thermal does not exist', async () => {
    const empty = await FixtureTree.create({ 'sys/kernel/mm/x': '' });
    try {
      assert.deepEqual(await new ThermalZoneCollector().collect(empty.ctx), []);
    } finally {
      await empty.remove();
    }
  });
});

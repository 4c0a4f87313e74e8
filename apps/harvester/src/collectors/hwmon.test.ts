import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { MetricFamily } from './collector.js';
import { FamilyBuilder } from './family-builder.js';
import { FixtureTree } from './fixture-tree.js';
import { HwmonCollector } from './hwmon.js';
import { addSensorSeries } from './hwmon-sensors.js';

function chips(families: MetricFamily[]): Array<Record<string, string>> {
  return families.find((f) => f.name === 'node_hwmon_chip_names')?.metrics.map((m) => m.labels) ?? [];
}

describe('hwmon collector', async () => {
  // One device with two hwmon nodes (asus-nb-wmi), one chip without a device link, and one
  // whose name file is empty; class/hwmon links point into devices/ as in real sysfs.
  const tree = await FixtureTree.create({
    'sys/devices/platform/asus-nb-wmi/hwmon/hwmon3/name': 'asus\n',
    'sys/devices/platform/asus-nb-wmi/hwmon/hwmon3/pwm1_enable': '2\n',
    'sys/devices/platform/asus-nb-wmi/hwmon/hwmon3/device': { link: '../../../asus-nb-wmi' },
    'sys/devices/platform/asus-nb-wmi/hwmon/hwmon4/name': 'asus_wmi_sensors\n',
    'sys/devices/platform/asus-nb-wmi/hwmon/hwmon4/fan1_input': '1800\n',
    'sys/devices/platform/asus-nb-wmi/hwmon/hwmon4/device': { link: '../../../asus-nb-wmi' },
    'sys/devices/virtual/hwmon/hwmon5/name': 'BAT0\n',
    'sys/devices/virtual/hwmon/hwmon5/in0_input': '12400\n',
    'sys/devices/virtual/hwmon/hwmon6/temp1_input': '30000\n',
    'sys/class/hwmon/hwmon3': { link: '../../devices/platform/asus-nb-wmi/hwmon/hwmon3' },
    'sys/class/hwmon/hwmon4': { link: '../../devices/platform/asus-nb-wmi/hwmon/hwmon4' },
    'sys/class/hwmon/hwmon5': { link: '../../devices/virtual/hwmon/hwmon5' },
    'sys/class/hwmon/hwmon6': { link: '../../devices/virtual/hwmon/hwmon6' },
    'sys/class/hwmon/hwmon9': { link: '../../devices/gone/hwmon9' },
    'sys/class/hwmon/README': 'not a chip\n',
  });
  after(() => tree.remove());

  it('names chips by device, then name file, then hwmonN, and disambiguates shared devices', async () => {
    const families = await new HwmonCollector().collect(tree.ctx);
    assert.deepEqual(chips(families), [
      { chip: 'platform_asus_nb_wmi_asus', chip_name: 'asus' },
      { chip: 'platform_asus_nb_wmi_asus_wmi_sensors', chip_name: 'asus_wmi_sensors' },
      { chip: 'bat0', chip_name: 'bat0' },
    ]);
    const temp = families.find((f) => f.name === 'node_hwmon_temp_celsius')!;
    assert.deepEqual(temp.metrics, [{ labels: { chip: 'hwmon6', sensor: 'temp1' }, value: 30 }]);
    const volts = families.find((f) => f.name === 'node_hwmon_in_volts')!;
    assert.deepEqual(volts.metrics, [{ labels: { chip: 'bat0', sensor: 'in0' }, value: 12.4 }]);
  });

  it('filters chips and sensors', async () => {
    const families = await new HwmonCollector({
      chips: { exclude: '^platform_' },
      sensors: { exclude: '^bat0;in0$' },
    }).collect(tree.ctx);
    assert.deepEqual(
      families.map((f) => f.name),
      ['node_hwmon_chip_names', 'node_hwmon_temp_celsius'],
    );
  });

  it('emits nothing, without failing, on a machine without /sys/class/hwmon (a VM)', async () => {
    const vm = await FixtureTree.create({ 'sys/class/net/eth0/mtu': '1500\n' });
    try {
      assert.deepEqual(await new HwmonCollector().collect(vm.ctx), []);
    } finally {
      await vm.remove();
    }
  });
});

describe('hwmon sensor series', () => {
  const cases: Array<{
    sensor: string;
    attrs: Record<string, string>;
    want: Array<[string, string, number, Record<string, string>?]>;
  }> = [
    {
      sensor: 'temp1',
      attrs: { input: '48312', crit: '100000', crit_alarm: '0', label: 'Package id 0' },
      want: [
        [
          'node_hwmon_sensor_label',
          'Label for given chip and sensor',
          1,
          { chip: 'c', sensor: 'temp1', label: 'Package id 0' },
        ],
        ['node_hwmon_temp_celsius', 'Hardware monitor for temperature (input)', 48.312],
        ['node_hwmon_temp_crit_celsius', 'Hardware monitor for temperature (crit)', 100],
        ['node_hwmon_temp_crit_alarm_celsius', 'Hardware monitor for temperature (crit_alarm)', 0],
      ],
    },
    {
      sensor: 'temp2',
      attrs: { '': '41000', input: '42000', type: '4' },
      want: [
        ['node_hwmon_temp_celsius', 'Hardware monitor for temperature (input)', 41],
        ['node_hwmon_temp_input_celsius', 'Hardware monitor for temperature (input)', 42],
        ['node_hwmon_temp_type', 'Hardware monitor temp element type', 4],
      ],
    },
    {
      sensor: 'fan1',
      attrs: { input: '1098', min: '200', alarm: '1', beep: '0', pulses: '2', fault: 'x' },
      want: [
        ['node_hwmon_fan_rpm', 'Hardware monitor for fan revolutions per minute (input)', 1098],
        ['node_hwmon_fan_min_rpm', 'Hardware monitor for fan revolutions per minute (min)', 200],
        ['node_hwmon_fan_alarm', 'Hardware sensor alarm status (fan)', 1],
        ['node_hwmon_fan_beep_enabled', 'Hardware monitor sensor has beeping enabled', 0],
        ['node_hwmon_fan_pulses', 'Hardware monitor fan element pulses', 2],
      ],
    },
    {
      sensor: 'power1',
      attrs: { average: '12500000', accuracy: '25000', average_interval: '1000' },
      want: [
        ['node_hwmon_power_average_watt', 'Hardware monitor for power usage in watts (average)', 12.5],
        ['node_hwmon_power_accuracy', 'Hardware monitor power meter accuracy, as a ratio', 0.025],
        [
          'node_hwmon_power_average_interval_seconds',
          'Hardware monitor power usage update interval (average_interval)',
          1,
        ],
      ],
    },
    {
      sensor: 'energy1',
      attrs: { input: '3500000' },
      want: [['node_hwmon_energy_joule_total', 'Hardware monitor for joules used so far (input)', 3.5]],
    },
    {
      sensor: 'curr1',
      attrs: { input: '1500' },
      want: [['node_hwmon_curr_amps', 'Hardware monitor for current (input)', 1.5]],
    },
    {
      sensor: 'humidity1',
      attrs: { input: '45000000' },
      want: [
        [
          'node_hwmon_humidity',
          'Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) (input)',
          45,
        ],
      ],
    },
    {
      sensor: 'freq1',
      attrs: { input: '300000000', label: 'mclk' },
      want: [
        [
          'node_hwmon_sensor_label',
          'Label for given chip and sensor',
          1,
          { chip: 'c', sensor: 'freq1', label: 'mclk' },
        ],
        [
          'node_hwmon_freq_freq_mhz',
          'Hardware monitor for GPU frequency in MHz',
          300,
          { chip: 'c', sensor: 'mclk' },
        ],
      ],
    },
    { sensor: 'freq2', attrs: { input: '300000000' }, want: [] },
    {
      sensor: 'beep_enable0',
      attrs: { '': '1' },
      want: [['node_hwmon_beep_enabled', 'Hardware beep enabled', 1]],
    },
    {
      sensor: 'update_interval0',
      attrs: { '': '500' },
      want: [['node_hwmon_update_interval_seconds', 'Hardware monitor update interval', 0.5]],
    },
    { sensor: 'vrm0', attrs: { '': 'n/a' }, want: [] },
  ];
  for (const c of cases) {
    it(`${c.sensor} ${JSON.stringify(c.attrs)}`, () => {
      const builder = new FamilyBuilder();
      addSensorSeries(builder, 'c', c.sensor, new Map(Object.entries(c.attrs)));
      const got = builder.build().flatMap((f) => f.metrics.map((m) => [f.name, f.help, m.value, m.labels]));
      const want = c.want.map(([name, help, value, labels]) => [
        name,
        help,
        value,
        labels ?? { chip: 'c', sensor: c.sensor },
      ]);
      assert.deepEqual(got, want);
    });
  }

  it('types energy as a counter, everything else as a gauge', () => {
    const builder = new FamilyBuilder();
    addSensorSeries(builder, 'c', 'energy1', new Map([['input', '1']]));
    addSensorSeries(builder, 'c', 'temp1', new Map([['input', '1']]));
    assert.deepEqual(
      builder.build().map((f) => f.type),
      ['counter', 'gauge'],
    );
  });
});

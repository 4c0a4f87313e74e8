import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { NetclassCollector } from './netclass.js';
import { readOptionalSysFile } from './sys-read.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, familiesByName, fixtureContext, valueOf } from './testdata.js';

const PROPERTIES = [
  'address_assign_type',
  'carrier',
  'carrier_changes_total',
  'carrier_down_changes_total',
  'carrier_up_changes_total',
  'device_id',
  'dormant',
  'flags',
  'iface_id',
  'iface_link',
  'iface_link_mode',
  'mtu_bytes',
  'name_assign_type',
  'net_dev_group',
  'protocol_type',
  'speed_bytes',
  'transmit_queue_length',
];

describe('netclass collector', () => {
  it('reads the x86 fixture as node_exporter does', async () => {
    const families = await new NetclassCollector().collect(fixtureContext('x86'));
    const byName = familiesByName(families);
    assert.deepEqual(
      [...byName.keys()].sort(),
      ['node_network_info', 'node_network_up', ...PROPERTIES.map((p) => `node_network_${p}`)].sort(),
    );
    assert.equal(byName.get('node_network_mtu_bytes')!.help, 'Network device property: mtu_bytes');
    assert.equal(byName.get('node_network_carrier_changes_total')!.type, 'counter');
    assert.equal(byName.get('node_network_up')!.help, "Value is 1 if operstate is 'up', 0 otherwise.");
    // bonding_masters is a plain file, not a device.
    assert.deepEqual(
      byName.get('node_network_up')!.metrics.map((m) => [m.labels.device, m.value]),
      [
        ['docker0', 1],
        ['enp3s0', 1],
        ['lo', 0],
        ['veth3f2a1c9', 1],
        ['virbr0', 0],
        ['wlp4s0', 0],
      ],
    );
    assert.deepEqual(
      byName.get('node_network_info')!.metrics.find((m) => m.labels.device === 'enp3s0'),
      {
        labels: {
          address: '70:85:c2:3e:41:9d',
          broadcast: 'ff:ff:ff:ff:ff:ff',
          duplex: 'full',
          ifalias: 'uplink: core-sw1 port 12',
          operstate: 'up',
          device: 'enp3s0',
          adminstate: 'up',
        },
        value: 1,
      },
    );
    assert.equal(valueOf(families, 'node_network_flags', { device: 'enp3s0' }), 4099);
    assert.equal(valueOf(families, 'node_network_speed_bytes', { device: 'enp3s0' }), 125_000_000);
    assert.equal(valueOf(families, 'node_network_speed_bytes', { device: 'veth3f2a1c9' }), 1_250_000_000);
    assert.equal(valueOf(families, 'node_network_iface_link', { device: 'veth3f2a1c9' }), 6);
    assert.equal(valueOf(families, 'node_network_protocol_type', { device: 'lo' }), 772);
  });

  it('leaves out what a down or virtual device does not report', async () => {
    const families = await new NetclassCollector().collect(fixtureContext('x86'));
    const devicesOf = (name: string): string[] =>
      families.find((f) => f.name === `node_network_${name}`)!.metrics.map((m) => m.labels.device!);
    assert.deepEqual(devicesOf('speed_bytes'), ['enp3s0', 'veth3f2a1c9']);
    assert.deepEqual(devicesOf('carrier'), ['docker0', 'enp3s0', 'lo', 'veth3f2a1c9', 'virbr0']);
    assert.deepEqual(devicesOf('dormant'), ['docker0', 'enp3s0', 'lo', 'veth3f2a1c9', 'virbr0']);
    const wifi = families
      .find((f) => f.name === 'node_network_info')!
      .metrics.find((m) => m.labels.device === 'wlp4s0');
    assert.equal(wifi?.labels.duplex, '');
    assert.equal(wifi?.labels.adminstate, 'down');
  });

  it('reads the Raspberry Pi fixture', async () => {
    const families = await new NetclassCollector().collect(fixtureContext('rpi'));
    assert.equal(valueOf(families, 'node_network_up', { device: 'eth0' }), 1);
    assert.equal(valueOf(families, 'node_network_speed_bytes', { device: 'eth0' }), 125_000_000);
    assert.equal(valueOf(families, 'node_network_up', { device: 'wlan0' }), 0);
    assert.equal(valueOf(families, 'node_network_carrier', { device: 'wlan0' }), undefined);
  });

  describe('options and odd devices', async () => {
    const tree = await FixtureTree.create({
      'sys/class/net/eth9/operstate': 'up\n',
      'sys/class/net/eth9/speed': '-1\n',
      'sys/class/net/eth9/mtu': 'garbage\n',
      'sys/class/net/eth9/queues/rx-0/rps_cpus': '0\n',
      'sys/class/net/dummy0/operstate': 'unknown\n',
    });
    after(() => tree.remove());

    it('exports an unknown speed as -125000 unless asked not to, and unparsable numbers as 0', async () => {
      const families = await new NetclassCollector().collect(tree.ctx);
      assert.equal(valueOf(families, 'node_network_speed_bytes', { device: 'eth9' }), -125000);
      assert.equal(valueOf(families, 'node_network_mtu_bytes', { device: 'eth9' }), 0);
      const strict = await new NetclassCollector({ ignoreInvalidSpeed: true }).collect(tree.ctx);
      assert.equal(valueOf(strict, 'node_network_speed_bytes', { device: 'eth9' }), undefined);
    });

    it('labels adminstate unknown without flags, and ignores devices on request', async () => {
      const families = await new NetclassCollector({ ignoredDevices: '^eth' }).collect(tree.ctx);
      assert.deepEqual(families.find((f) => f.name === 'node_network_info')!.metrics, [
        {
          labels: {
            address: '',
            broadcast: '',
            duplex: '',
            ifalias: '',
            operstate: 'unknown',
            device: 'dummy0',
            adminstate: 'unknown',
          },
          value: 1,
        },
      ]);
    });

    it('emits nothing without /sys/class/net', async () => {
      const empty = await FixtureTree.create({ 'sys/kernel/x': '' });
      try {
        assert.deepEqual(await new NetclassCollector().collect(empty.ctx), []);
      } finally {
        await empty.remove();
      }
    });

    it('refuses an invalid pattern', () => {
      assert.throws(() => new NetclassCollector({ ignoredDevices: '(' }), {
        name: 'InvalidInputError',
        message: /cannot compile the netclass devices pattern "\("/,
      });
    });
  });

  describe('on this machine', { skip: SKIP_OFF_LINUX }, () => {
    it('reports every device with its ifindex', async () => {
      const families = await new NetclassCollector().collect(HOST_CONTEXT);
      const entries = await readdir('/sys/class/net', { withFileTypes: true });
      const devices = entries
        .filter((e) => !e.isFile())
        .map((e) => e.name)
        .sort();
      const up = families.find((f) => f.name === 'node_network_up')!;
      assert.deepEqual(
        up.metrics.map((m) => m.labels.device),
        devices,
      );
      for (const device of devices) {
        const ifindex = Number(await readFile(`/sys/class/net/${device}/ifindex`, 'utf8'));
        assert.equal(valueOf(families, 'node_network_iface_id', { device }), ifindex);
      }
    });

    it('skips what the kernel refuses with EINVAL and fails on EIO', async () => {
      // lo has no link speed: reading it answers EINVAL.
      assert.equal(await readOptionalSysFile('/sys/class/net/lo/speed'), undefined);
      // Reading address 0 of one's own memory answers EIO, an error procfs does not ignore.
      await assert.rejects(readOptionalSysFile('/proc/self/mem'), {
        message: /^cannot read \/proc\/self\/mem: EIO/,
      });
    });
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { NetdevCollector } from './netdev.js';

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
  eth0:   5000      50    1    2    3     4          5         6     7000      70    7    8    9    10      11         12
`;

describe('netdev collector', async () => {
  const tree = await FixtureTree.create({
    'proc/net/dev': NET_DEV,
    'sys/class/net/eth0/statistics/rx_nohandler': '3\n',
  });
  after(() => tree.remove());

  it('exposes the sixteen /proc/net/dev counters with node_exporter names, and rx_nohandler from sysfs', async () => {
    const families = await new NetdevCollector().collect(tree.ctx);
    const byName = new Map(families.map((f) => [f.name, f]));
    assert.deepEqual([...byName.keys()].sort(), [
      'node_network_receive_bytes_total',
      'node_network_receive_compressed_total',
      'node_network_receive_drop_total',
      'node_network_receive_errs_total',
      'node_network_receive_fifo_total',
      'node_network_receive_frame_total',
      'node_network_receive_multicast_total',
      'node_network_receive_nohandler_total',
      'node_network_receive_packets_total',
      'node_network_transmit_bytes_total',
      'node_network_transmit_carrier_total',
      'node_network_transmit_colls_total',
      'node_network_transmit_compressed_total',
      'node_network_transmit_drop_total',
      'node_network_transmit_errs_total',
      'node_network_transmit_fifo_total',
      'node_network_transmit_packets_total',
    ]);
    const colls = byName.get('node_network_transmit_colls_total')!;
    assert.equal(colls.help, 'Network device statistic transmit_colls.');
    assert.equal(colls.type, 'counter');
    assert.deepEqual(colls.metrics, [
      { labels: { device: 'lo' }, value: 0 },
      { labels: { device: 'eth0' }, value: 10 },
    ]);
    assert.deepEqual(byName.get('node_network_receive_nohandler_total')!.metrics, [
      { labels: { device: 'eth0' }, value: 3 },
    ]);
  });

  it('keeps lo by default, as node_exporter does, and excludes on request', async () => {
    const all = await new NetdevCollector().collect(tree.ctx);
    assert.equal(all[0]!.metrics.length, 2);
    const noLo = await new NetdevCollector({ devices: { exclude: '^lo$' } }).collect(tree.ctx);
    assert.deepEqual(
      noLo[0]!.metrics.map((m) => m.labels.device),
      ['eth0'],
    );
  });
});

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { NetstatCollector } from './netstat.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, valueOf } from './testdata.js';

// What node_exporter 1.5 exported on the x86 fixture's kernel, by name (the default fields
// have not changed since).
const DEFAULT_NAMES = [
  'Icmp6_InErrors',
  'Icmp6_InMsgs',
  'Icmp6_OutMsgs',
  'Icmp_InErrors',
  'Icmp_InMsgs',
  'Icmp_OutMsgs',
  'Ip6_InOctets',
  'Ip6_OutOctets',
  'IpExt_InOctets',
  'IpExt_OutOctets',
  'Ip_Forwarding',
  'TcpExt_ListenDrops',
  'TcpExt_ListenOverflows',
  'TcpExt_SyncookiesFailed',
  'TcpExt_SyncookiesRecv',
  'TcpExt_SyncookiesSent',
  'TcpExt_TCPOFOQueue',
  'TcpExt_TCPRcvQDrop',
  'TcpExt_TCPSynRetrans',
  'TcpExt_TCPTimeouts',
  'Tcp_ActiveOpens',
  'Tcp_CurrEstab',
  'Tcp_InErrs',
  'Tcp_InSegs',
  'Tcp_OutRsts',
  'Tcp_OutSegs',
  'Tcp_PassiveOpens',
  'Tcp_RetransSegs',
  'Udp6_InDatagrams',
  'Udp6_InErrors',
  'Udp6_NoPorts',
  'Udp6_OutDatagrams',
  'Udp6_RcvbufErrors',
  'Udp6_SndbufErrors',
  'UdpLite6_InErrors',
  'UdpLite_InErrors',
  'Udp_InDatagrams',
  'Udp_InErrors',
  'Udp_NoPorts',
  'Udp_OutDatagrams',
  'Udp_RcvbufErrors',
  'Udp_SndbufErrors',
].map((n) => `node_netstat_${n}`);

describe('netstat collector', () => {
  for (const tree of ['x86', 'rpi'] as const) {
    it(`exports node_exporter's default fields of the ${tree} fixture`, async () => {
      const families = await new NetstatCollector().collect(fixtureContext(tree));
      assert.deepEqual(families.map((f) => f.name).sort(), [...DEFAULT_NAMES].sort());
      for (const f of families) {
        assert.equal(f.type, 'untyped');
        assert.equal(f.help, `Statistic ${f.name.slice('node_netstat_'.length).replace('_', '')}.`);
      }
    });
  }

  it('reads the values of all three files', async () => {
    const families = await new NetstatCollector().collect(fixtureContext('x86'));
    assert.equal(valueOf(families, 'node_netstat_Ip_Forwarding'), 1);
    assert.equal(valueOf(families, 'node_netstat_Tcp_CurrEstab'), 37);
    assert.equal(valueOf(families, 'node_netstat_IpExt_InOctets'), 93876543210);
    assert.equal(valueOf(families, 'node_netstat_TcpExt_TCPTimeouts'), 4421);
    assert.equal(valueOf(families, 'node_netstat_Ip6_InOctets'), 812331234);
  });

  it('exports other fields on request', async () => {
    const families = await new NetstatCollector({ fields: '^Tcp_(MaxConn|RtoMin)$' }).collect(
      fixtureContext('x86'),
    );
    assert.deepEqual(
      families.map((f) => [f.name, f.metrics[0]!.value]),
      [
        ['node_netstat_Tcp_RtoMin', 200],
        ['node_netstat_Tcp_MaxConn', -1],
      ],
    );
  });

  describe('on unusual kernels', async () => {
    const tree = await FixtureTree.create({
      'proc/net/netstat': 'TcpExt: ListenDrops\nTcpExt: 3\n',
      'proc/net/snmp': 'Udp: InDatagrams\nUdp: 4\n',
    });
    after(() => tree.remove());

    it('works without /proc/net/snmp6 (IPv6 disabled)', async () => {
      const families = await new NetstatCollector().collect(tree.ctx);
      assert.deepEqual(
        families.map((f) => [f.name, f.metrics[0]!.value]),
        [
          ['node_netstat_TcpExt_ListenDrops', 3],
          ['node_netstat_Udp_InDatagrams', 4],
        ],
      );
    });

    it('fails on a garbled file, naming it', async () => {
      await tree.write({ 'proc/net/snmp': 'Udp: InDatagrams NoPorts\nUdp: 4\n' });
      await assert.rejects(new NetstatCollector().collect(tree.ctx), {
        message: 'cannot parse /proc/net/snmp line 2: Udp has 2 fields but 1 values',
      });
    });

    it('refuses an invalid fields pattern', () => {
      assert.throws(() => new NetstatCollector({ fields: '[' }), { name: 'InvalidInputError' });
    });
  });

  describe('on this machine', { skip: SKIP_OFF_LINUX }, () => {
    it('agrees with /proc/net/snmp', async () => {
      const families = await new NetstatCollector().collect(HOST_CONTEXT);
      const snmp = (await readFile('/proc/net/snmp', 'utf8')).split('\n');
      const header = snmp.find((l) => l.startsWith('Ip: '))!.split(' ');
      const values = snmp.filter((l) => l.startsWith('Ip: '))[1]!.split(' ');
      const forwarding = Number(values[header.indexOf('Forwarding')]);
      assert.equal(valueOf(families, 'node_netstat_Ip_Forwarding'), forwarding);
      assert.ok((valueOf(families, 'node_netstat_Tcp_InSegs') ?? -1) >= 0);
    });
  });
});

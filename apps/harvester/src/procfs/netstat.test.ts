import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProtocolStats, parseSnmp6, type ProtocolStats } from './netstat.js';

function plain(stats: ProtocolStats): Record<string, Record<string, number>> {
  return Object.fromEntries([...stats].map(([p, m]) => [p, Object.fromEntries(m)]));
}

describe('parseProtocolStats', () => {
  const cases: Array<{
    title: string;
    text: string;
    want?: Record<string, Record<string, number>>;
    error?: RegExp;
  }> = [
    {
      title: 'header and value lines of several protocols',
      text:
        'Ip: Forwarding DefaultTTL InReceives\nIp: 2 64 17894\n' +
        'Tcp: RtoAlgorithm MaxConn CurrEstab\nTcp: 1 -1 2\n',
      want: {
        Ip: { Forwarding: 2, DefaultTTL: 64, InReceives: 17894 },
        Tcp: { RtoAlgorithm: 1, MaxConn: -1, CurrEstab: 2 },
      },
    },
    {
      title: 'counters above 2^53 round like Go ParseFloat',
      text: 'IpExt: InOctets\nIpExt: 18446744073709551615\n',
      want: { IpExt: { InOctets: 2 ** 64 } },
    },
    {
      title: 'no final newline',
      text: 'Udp: InDatagrams\nUdp: 849',
      want: { Udp: { InDatagrams: 849 } },
    },
    {
      title: 'a protocol seen twice keeps its last pair',
      text: 'Udp: A\nUdp: 1\nUdp: B\nUdp: 2\n',
      want: { Udp: { B: 2 } },
    },
    { title: 'empty file', text: '', want: {} },
    {
      title: 'fewer values than fields',
      text: 'Ip: Forwarding DefaultTTL\nIp: 2\n',
      error: /^cannot parse \/proc\/net\/snmp line 2: Ip has 2 fields but 1 values$/,
    },
    {
      title: 'a header without its values line',
      text: 'Ip: Forwarding\n',
      error: /^cannot parse \/proc\/net\/snmp line 1: no values line after "Ip: Forwarding"$/,
    },
    {
      title: 'a value that is not a number fails the file, as in node_exporter',
      text: 'Ip: Forwarding DefaultTTL\nIp: 2 x\n',
      error: /^cannot parse \/proc\/net\/snmp line 2: bad value "x" for Ip DefaultTTL$/,
    },
    {
      title: 'values of another protocol',
      text: 'Ip: Forwarding\nTcp: 1\n',
      error: /line 2: expected values of Ip, got "Tcp: 1"/,
    },
    {
      title: 'a header without a protocol',
      text: '\nIp: 1\n',
      error: /line 1: expected "<protocol>: <field> …", got ""/,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined)
        assert.throws(() => parseProtocolStats(c.text, '/proc/net/snmp'), { message: c.error });
      else assert.deepEqual(plain(parseProtocolStats(c.text, '/proc/net/snmp')), c.want);
    });
  }
});

describe('parseSnmp6', () => {
  const cases: Array<{
    title: string;
    text: string;
    want?: Record<string, Record<string, number>>;
    error?: RegExp;
  }> = [
    {
      title: 'splits the protocol at its first 6',
      text: 'Ip6InReceives                   \t1\nIcmp6InMsgs \t3\nUdpLite6InErrors 0\nIp6InOctets 128\n',
      want: { Ip6: { InReceives: 1, InOctets: 128 }, Icmp6: { InMsgs: 3 }, UdpLite6: { InErrors: 0 } },
    },
    {
      title: 'skips lines without a 6 or a value',
      text: 'Ip6InReceives\nTcpInSegs 4\n\nUdp6InDatagrams 5\n',
      want: { Udp6: { InDatagrams: 5 } },
    },
    {
      title: 'a bad value',
      text: 'Ip6InReceives 1\nIp6OutRequests ?\n',
      error: /^cannot parse \/proc\/net\/snmp6 line 2: bad value "\?" for Ip6OutRequests$/,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) assert.throws(() => parseSnmp6(c.text), { message: c.error });
      else assert.deepEqual(plain(parseSnmp6(c.text)), c.want);
    });
  }
});

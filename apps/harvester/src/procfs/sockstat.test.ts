import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSockstat, type Sockstat } from './sockstat.js';

describe('parseSockstat', () => {
  const cases: Array<{ title: string; text: string; want?: Sockstat; error?: RegExp }> = [
    {
      title: 'the IPv4 file',
      text:
        'sockets: used 229\nTCP: inuse 12 orphan 0 tw 4 alloc 15 mem 3\nUDP: inuse 5 mem 2\n' +
        'UDPLITE: inuse 0\nRAW: inuse 0\nFRAG: inuse 0 memory 0\n',
      want: {
        used: 229,
        protocols: [
          { protocol: 'TCP', inuse: 12, orphan: 0, tw: 4, alloc: 15, mem: 3 },
          { protocol: 'UDP', inuse: 5, mem: 2 },
          { protocol: 'UDPLITE', inuse: 0 },
          { protocol: 'RAW', inuse: 0 },
          { protocol: 'FRAG', inuse: 0, memory: 0 },
        ],
      },
    },
    {
      title: 'the IPv6 file has no sockets line',
      text: 'TCP6: inuse 3\nUDP6: inuse 1\nUDPLITE6: inuse 0\nRAW6: inuse 0\nFRAG6: inuse 0 memory 0\n',
      want: {
        protocols: [
          { protocol: 'TCP6', inuse: 3 },
          { protocol: 'UDP6', inuse: 1 },
          { protocol: 'UDPLITE6', inuse: 0 },
          { protocol: 'RAW6', inuse: 0 },
          { protocol: 'FRAG6', inuse: 0, memory: 0 },
        ],
      },
    },
    {
      title: 'unknown keys are ignored and a missing inuse is 0',
      text: 'SCTP: assocs 2 mem 1\n',
      want: { protocols: [{ protocol: 'SCTP', inuse: 0, mem: 1 }] },
    },
    { title: 'empty', text: '', want: { protocols: [] } },
    {
      title: 'a protocol without pairs',
      text: 'sockets: used 1\nTCP:\n',
      error:
        /^cannot parse \/proc\/net\/sockstat line 2: expected a protocol and key\/value pairs in "TCP:"$/,
    },
    {
      title: 'a key without its value',
      text: 'TCP: inuse 1 orphan\n',
      error: /line 1: odd number of key\/value fields/,
    },
    {
      title: 'a value that is not an integer',
      text: 'TCP: inuse x\n',
      error: /line 1: bad value "x" for inuse/,
    },
    {
      title: 'two spaces make an empty field, as in procfs',
      text: 'TCP:  inuse 1\n',
      error: /line 1: odd number of key\/value fields/,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined)
        assert.throws(() => parseSockstat(c.text, '/proc/net/sockstat'), { message: c.error });
      else assert.deepEqual(parseSockstat(c.text, '/proc/net/sockstat'), c.want);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NET_DEV_COUNTERS, parseNetDev } from './net-dev.js';

const HEADER = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
`;

function counters(values: number[]): Record<string, number> {
  return Object.fromEntries(NET_DEV_COUNTERS.map((name, i) => [name, values[i]!]));
}

describe('parseNetDev', () => {
  it('skips the header and reads every counter in column order', () => {
    const lines = parseNetDev(
      `${HEADER}    lo:   63176      67    0    0    0     0          0         0    63176      67    0    0    0     0       0          0
  eth0: 392245505   10174    1    2    3     4          5         6   761436    6316    7    8    9    10      11         12
`,
    );
    assert.deepEqual(
      lines.map((l) => l.device),
      ['lo', 'eth0'],
    );
    assert.deepEqual(
      lines[1]!.counters,
      counters([392245505, 10174, 1, 2, 3, 4, 5, 6, 761436, 6316, 7, 8, 9, 10, 11, 12]),
    );
  });

  const cases: Array<{ title: string; line: string; device?: string; first?: number; error?: RegExp }> = [
    {
      title: 'old kernels glue the first counter to the colon',
      line: 'eth0:1234 5 0 0 0 0 0 0 6 7 0 0 0 0 0 0',
      device: 'eth0',
      first: 1234,
    },
    {
      title: 'counters above 2^53 round like Go float64(uint64)',
      line: 'big: 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
      device: 'big',
      first: 2 ** 64,
    },
    {
      title: 'no colon',
      line: 'eth0 1 2 3',
      error: /^cannot parse \/proc\/net\/dev line 3: no interface name in "eth0 1 2 3"$/,
    },
    { title: 'empty name', line: '  : 1 2', error: /line 3: no interface name/ },
    { title: 'too few counters', line: 'eth0: 1 2 3', error: /line 3: expected 16 counters, got 3/ },
    {
      title: 'a negative counter',
      line: 'eth0: -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
      error: /line 3: bad receive_bytes/,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) {
        assert.throws(() => parseNetDev(`${HEADER}${c.line}\n`), { message: c.error });
        return;
      }
      const [line] = parseNetDev(`${HEADER}${c.line}\n`);
      assert.equal(line?.device, c.device);
      assert.equal(line?.counters.receive_bytes, c.first);
    });
  }
});

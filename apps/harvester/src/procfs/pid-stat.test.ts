import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePidStat, type PidStat } from './pid-stat.js';

const TAIL = '0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0';
const line = (comm: string, state: string, threads: number): string =>
  `4211 (${comm}) ${state} 4102 4102 4102 0 -1 4194560 100 0 0 0 12 4 0 0 20 0 ${threads} 0 165126 3133440 415 18446744073709551615 ${TAIL}\n`;

describe('parsePidStat', () => {
  const cases: Array<{ title: string; text: string; want?: PidStat; error?: RegExp }> = [
    { title: 'state and thread count', text: line('systemd', 'S', 1), want: { state: 'S', numThreads: 1 } },
    { title: 'a name with blanks', text: line('Web Content', 'R', 23), want: { state: 'R', numThreads: 23 } },
    {
      title: 'a name with parentheses ends at the last one',
      text: line('(sd-pam) x)', 'Z', 1),
      want: { state: 'Z', numThreads: 1 },
    },
    {
      title: 'an idle kernel thread',
      text: line('kworker/0:1-events', 'I', 1),
      want: { state: 'I', numThreads: 1 },
    },
    {
      title: 'no name',
      text: '4211 S 1\n',
      error: /^cannot parse \/proc\/4211\/stat line 1: no \(comm\) in "4211 S 1"$/,
    },
    {
      title: 'cut short before the thread count',
      text: '4211 (x) S 1 2 3\n',
      error: /expected a state and a thread count/,
    },
    { title: 'empty', text: '', error: /no \(comm\)/ },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined)
        assert.throws(() => parsePidStat(c.text, '/proc/4211/stat'), { message: c.error });
      else assert.deepEqual(parsePidStat(c.text, '/proc/4211/stat'), c.want);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDiskstats, type DiskstatsLine } from './diskstats.js';

const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('parseDiskstats', () => {
  const cases: Array<{ title: string; text: string; want?: DiskstatsLine[]; error?: RegExp }> = [
    {
      title: 'Linux 5.5+: 17 statistics, leading blanks as the kernel pads them',
      text: ` 259       0 nvme0n1 ${range(17).join(' ')}\n`,
      want: [{ major: 259, minor: 0, device: 'nvme0n1', stats: range(17) }],
    },
    {
      title: 'Linux 4.18–5.4: 15 statistics (discards, no flushes)',
      text: `8 0 sda ${range(15).join(' ')}\n`,
      want: [{ major: 8, minor: 0, device: 'sda', stats: range(15) }],
    },
    {
      title: 'before 4.18: 11 statistics',
      text: `8 1 sda1 ${range(11).join(' ')}`,
      want: [{ major: 8, minor: 1, device: 'sda1', stats: range(11) }],
    },
    {
      title: 'columns a future kernel adds are ignored',
      text: `179 0 mmcblk0 ${range(19).join(' ')}\n`,
      want: [{ major: 179, minor: 0, device: 'mmcblk0', stats: range(17) }],
    },
    {
      title: 'the 2.6 partition format (4 statistics) and blank lines are skipped',
      text: `\n8 1 sda1 1 2 3 4\n   \n7 0 loop0 ${range(11, 0).join(' ')}\n`,
      want: [{ major: 7, minor: 0, device: 'loop0', stats: range(11, 0) }],
    },
    {
      title: 'counters above 2^53 round as Go converts them',
      text: `8 0 sda 18446744073709551615 ${range(10).join(' ')}\n`,
      want: [{ major: 8, minor: 0, device: 'sda', stats: [2 ** 64, ...range(10)] }],
    },
    { title: 'empty file', text: '', want: [] },
    {
      title: 'a garbled statistic',
      text: `8 0 sda ${range(11).join(' ')}\n8 16 sdb 1 2 x 4 5 6 7 8 9 10 11\n`,
      error: /^cannot parse \/proc\/diskstats line 2: bad sectorsRead in "8 16 sdb 1 2 x/,
    },
    {
      title: 'a garbled device number',
      text: 'sda 0 8 1 2 3 4 5 6 7 8 9 10 11\n',
      error: /^cannot parse \/proc\/diskstats line 1: bad device number/,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) assert.throws(() => parseDiskstats(c.text), { message: c.error });
      else assert.deepEqual(parseDiskstats(c.text), c.want);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMeminfo, type MeminfoField } from './meminfo.js';

describe('parseMeminfo', () => {
  const cases: Array<{ title: string; text: string; want?: MeminfoField[]; error?: RegExp }> = [
    {
      title: 'fields with a unit',
      text: 'MemTotal:       24683656 kB\nActive(anon):       1552 kB\n',
      want: [
        { key: 'MemTotal', value: 24683656, unit: 'kB' },
        { key: 'Active(anon)', value: 1552, unit: 'kB' },
      ],
    },
    {
      title: 'counts without a unit',
      text: 'HugePages_Total:      16\nHugePages_Free:       12\n',
      want: [
        { key: 'HugePages_Total', value: 16, unit: undefined },
        { key: 'HugePages_Free', value: 12, unit: undefined },
      ],
    },
    {
      title: 'empty lines (CentOS 6 kernels) are skipped',
      text: 'MemFree: 1 kB\n\n   \nBuffers: 2 kB\n',
      want: [
        { key: 'MemFree', value: 1, unit: 'kB' },
        { key: 'Buffers', value: 2, unit: 'kB' },
      ],
    },
    { title: 'empty file', text: '', want: [] },
    {
      title: 'a key alone',
      text: 'MemTotal: 1 kB\nMemFree:\n',
      error: /^cannot parse \/proc\/meminfo line 2: expected "Key: value \[unit\]", got "MemFree:"$/,
    },
    {
      title: 'too many words',
      text: 'MemTotal: 1 kB extra\n',
      error: /line 1: expected "Key: value \[unit\]"/,
    },
    { title: 'a key without colon', text: 'MemTotal 1 kB\n', error: /line 1: key without a colon/ },
    {
      title: 'a value that is not a number',
      text: 'A: 1 kB\nB: 2 kB\nC: lots kB\n',
      error: /line 3: bad value in "C: lots kB"/,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) assert.throws(() => parseMeminfo(c.text), { message: c.error });
      else assert.deepEqual(parseMeminfo(c.text), c.want);
    });
  }
});

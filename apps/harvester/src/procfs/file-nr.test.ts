import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFileNr, type FileNr } from './file-nr.js';

describe('parseFileNr', () => {
  const cases: Array<{ title: string; text: string; want?: FileNr; error?: RegExp }> = [
    {
      title: 'allocated, free, maximum',
      text: '550\t0\t2466165\n',
      want: { allocated: 550, maximum: 2466165 },
    },
    {
      title: 'systemd sets the maximum to LONG_MAX',
      text: '17824\t0\t9223372036854775807\n',
      want: { allocated: 17824, maximum: 2 ** 63 }, // LONG_MAX rounds up to 2^63 as a double
    },
    {
      title: 'blanks instead of tabs are refused, as node_exporter refuses them',
      text: '550 0 2466165\n',
      error:
        /^cannot parse \/proc\/sys\/fs\/file-nr line 1: expected 3 tab-separated values, got "550 0 2466165"$/,
    },
    { title: 'too few values', text: '550\t0\n', error: /expected 3 tab-separated values/ },
    { title: 'empty', text: '', error: /expected 3 tab-separated values, got ""/ },
    { title: 'a bad number', text: '550\t0\tmany\n', error: /line 1: bad value in/ },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) assert.throws(() => parseFileNr(c.text), { message: c.error });
      else assert.deepEqual(parseFileNr(c.text), c.want);
    });
  }
});

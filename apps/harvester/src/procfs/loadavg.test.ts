import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLoadavg, type Loadavg } from './loadavg.js';

describe('parseLoadavg', () => {
  const cases: Array<{ title: string; text: string; want?: Loadavg; error?: RegExp }> = [
    {
      title: 'the full line',
      text: '0.09 0.22 0.10 1/93 8012\n',
      want: { load1: 0.09, load5: 0.22, load15: 0.1 },
    },
    { title: 'only the averages', text: '12.50 3.00 0.00', want: { load1: 12.5, load5: 3, load15: 0 } },
    {
      title: 'too few values',
      text: '0.09 0.22\n',
      error: /^cannot parse \/proc\/loadavg line 1: expected three load averages, got "0.09 0.22"$/,
    },
    { title: 'empty', text: '', error: /expected three load averages/ },
    { title: 'garbage', text: '0.09 x 0.10 1/93 8012\n', error: /line 1: bad load average/ },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) assert.throws(() => parseLoadavg(c.text), { message: c.error });
      else assert.deepEqual(parseLoadavg(c.text), c.want);
    });
  }
});

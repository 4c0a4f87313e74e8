import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePressure, type Pressure } from './pressure.js';

describe('parsePressure', () => {
  const cases: Array<{ title: string; resource: string; text: string; want?: Pressure; error?: RegExp }> = [
    {
      title: 'some and full',
      resource: 'io',
      text: 'some avg10=0.06 avg60=0.21 avg300=0.99 total=8537362\nfull avg10=0.00 avg60=0.13 avg300=0.96 total=8183134\n',
      want: {
        some: { avg10: 0.06, avg60: 0.21, avg300: 0.99, totalMicroseconds: 8537362 },
        full: { avg10: 0, avg60: 0.13, avg300: 0.96, totalMicroseconds: 8183134 },
      },
    },
    {
      title: 'cpu before Linux 5.13 has no full line',
      resource: 'cpu',
      text: 'some avg10=6.16 avg60=10.55 avg300=26.42 total=333397791\n',
      want: {
        some: { avg10: 6.16, avg60: 10.55, avg300: 26.42, totalMicroseconds: 333397791 },
        full: undefined,
      },
    },
    {
      title: 'irq has only a full line',
      resource: 'irq',
      text: 'full avg10=0.04 avg60=0.03 avg300=0.03 total=12873521\n',
      want: {
        some: undefined,
        full: { avg10: 0.04, avg60: 0.03, avg300: 0.03, totalMicroseconds: 12873521 },
      },
    },
    {
      title: 'unknown kinds of line are skipped',
      resource: 'memory',
      text: 'partial avg10=x\n\nsome avg10=0.00 avg60=0.00 avg300=0.00 total=0\n',
      want: { some: { avg10: 0, avg60: 0, avg300: 0, totalMicroseconds: 0 }, full: undefined },
    },
    { title: 'empty file', resource: 'cpu', text: '', want: { some: undefined, full: undefined } },
    {
      title: 'a truncated line',
      resource: 'io',
      text: 'some avg10=0.06 avg60=0.21\n',
      error: /^cannot parse \/proc\/pressure\/io line 1: bad some line "some avg10=0.06 avg60=0.21"$/,
    },
    {
      title: 'a negative total',
      resource: 'memory',
      text: 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=-1\n',
      error: /^cannot parse \/proc\/pressure\/memory line 2: bad full line/,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) assert.throws(() => parsePressure(c.text, c.resource), { message: c.error });
      else assert.deepEqual(parsePressure(c.text, c.resource), c.want);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGoIntAutoBase } from './go-int.js';

describe('parseGoIntAutoBase', () => {
  const cases: Array<{ text: string; want: number | undefined }> = [
    { text: '0', want: 0 },
    { text: '42', want: 42 },
    { text: '-1', want: -1 },
    { text: '+7', want: 7 },
    { text: '0x1003', want: 4099 },
    { text: '0X1f', want: 31 },
    { text: '-0x10', want: -16 },
    { text: '0x0', want: 0 },
    { text: '010', want: 8 },
    { text: '0o17', want: 15 },
    { text: '0b101', want: 5 },
    { text: '1_000', want: 1000 },
    { text: '0x_ff', want: 255 },
    { text: '9223372036854775807', want: 2 ** 63 },
    { text: '-9223372036854775808', want: -(2 ** 63) },
    { text: '9223372036854775808', want: undefined },
    { text: '', want: undefined },
    { text: '-', want: undefined },
    { text: '0x', want: undefined },
    { text: '08', want: undefined },
    { text: '1__0', want: undefined },
    { text: '_1', want: undefined },
    { text: '1_', want: undefined },
    { text: ' 1', want: undefined },
    { text: '1.5', want: undefined },
    { text: 'unknown', want: undefined },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.text)} → ${String(c.want)}`, () => {
      assert.equal(parseGoIntAutoBase(c.text), c.want);
    });
  }
});

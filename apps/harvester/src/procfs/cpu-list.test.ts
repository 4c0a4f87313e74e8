import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCpuList } from './cpu-list.js';

describe('parseCpuList', () => {
  const cases: Array<{ title: string; text: string; want?: number[]; error?: RegExp }> = [
    { title: 'nothing offline', text: '\n', want: [] },
    { title: 'one CPU', text: '3\n', want: [3] },
    { title: 'a range', text: '0-3\n', want: [0, 1, 2, 3] },
    { title: 'ranges and singles', text: '1,4-5,8\n', want: [1, 4, 5, 8] },
    { title: 'empty entries are skipped', text: '2,,3', want: [2, 3] },
    {
      title: 'a bad entry',
      text: '1,x\n',
      error: /^cannot parse \/sys\/devices\/system\/cpu\/offline: bad CPU range "x"$/,
    },
    { title: 'a range of three', text: '1-2-3', error: /bad CPU range "1-2-3"/ },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const parse = (): number[] => parseCpuList(c.text, '/sys/devices/system/cpu/offline');
      if (c.error !== undefined) assert.throws(parse, { message: c.error });
      else assert.deepEqual(parse(), c.want);
    });
  }
});

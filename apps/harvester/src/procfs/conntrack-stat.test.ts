import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConntrackStat, type ConntrackStat } from './conntrack-stat.js';

const HEADER =
  'entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart';

const ZERO: ConntrackStat = {
  found: 0,
  invalid: 0,
  ignore: 0,
  insert: 0,
  insertFailed: 0,
  drop: 0,
  earlyDrop: 0,
  searchRestart: 0,
};

describe('parseConntrackStat', () => {
  const cases: Array<{ title: string; text: string; want?: ConntrackStat; error?: RegExp }> = [
    {
      title: 'sums every CPU line by column position',
      text: [
        HEADER,
        '00000025  00000000 00000001 00000000 0000019c 00000751 00000000 00000000 00000002 00000003 00000004 00000005 00000000  00000000 00000000 00000000 00000006',
        '00000025  00000000 00000001 00000000 00000001 00000001 00000000 00000000 00000001 00000001 00000001 00000001 00000000  00000000 00000000 00000000 0000000a',
        '',
      ].join('\n'),
      want: {
        found: 2,
        invalid: 413,
        ignore: 1874,
        insert: 3,
        insertFailed: 4,
        drop: 5,
        earlyDrop: 6,
        searchRestart: 16,
      },
    },
    {
      title: 'kernels before 2.6.35 have 16 columns and no search_restart',
      text: `${HEADER}\n${Array<string>(16).fill('0000000f').join(' ')}\n`,
      want: {
        ...ZERO,
        found: 15,
        invalid: 15,
        ignore: 15,
        insert: 15,
        insertFailed: 15,
        drop: 15,
        earlyDrop: 15,
      },
    },
    {
      title: 'sums wrap at 2^64 as uint64 does',
      text: `${HEADER}\n${['0', '0', 'ffffffffffffffff', ...Array<string>(14).fill('0')].join(' ')}\n${['0', '0', '2', ...Array<string>(14).fill('0')].join(' ')}\n`,
      want: { ...ZERO, found: 1 },
    },
    { title: 'only the header: no CPU lines', text: `${HEADER}\n`, want: ZERO },
    {
      title: 'a line of the wrong width',
      text: `${HEADER}\n00000001 00000002\n`,
      error:
        /^cannot parse \/proc\/net\/stat\/nf_conntrack line 2: expected 16 or 17 columns, got 2 in "00000001 00000002"$/,
    },
    {
      title: 'a number that is not hexadecimal',
      text: `${HEADER}\n${['0x1', ...Array<string>(15).fill('0')].join(' ')}\n`,
      error: /line 2: bad hex number/,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) assert.throws(() => parseConntrackStat(c.text), { message: c.error });
      else assert.deepEqual(parseConntrackStat(c.text), c.want);
    });
  }
});

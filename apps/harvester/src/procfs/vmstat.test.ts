import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVmstat, type VmstatField } from './vmstat.js';

describe('parseVmstat', () => {
  const cases: Array<{ title: string; text: string; want?: VmstatField[]; error?: RegExp }> = [
    {
      title: 'name and value per line, in file order',
      text: 'nr_free_pages 1171285\npgpgin 1816449\noom_kill 0\n',
      want: [
        { name: 'nr_free_pages', value: 1171285 },
        { name: 'pgpgin', value: 1816449 },
        { name: 'oom_kill', value: 0 },
      ],
    },
    {
      title: 'negative drift (signed per-CPU counters) and extra columns',
      text: 'nr_zone_write_pending -3\nfuture_field 7 8\n',
      want: [
        { name: 'nr_zone_write_pending', value: -3 },
        { name: 'future_field', value: 7 },
      ],
    },
    { title: 'blank lines are skipped', text: '\npgfault 5\n\n', want: [{ name: 'pgfault', value: 5 }] },
    { title: 'empty file', text: '', want: [] },
    {
      title: 'a name without a value',
      text: 'pgfault 5\npgmajfault\n',
      error: /^cannot parse \/proc\/vmstat line 2: no value in "pgmajfault"$/,
    },
    {
      title: 'a bad value, even in a field no one exports',
      text: 'nr_dirty ten\n',
      error: /^cannot parse \/proc\/vmstat line 1: bad value in "nr_dirty ten"$/,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) assert.throws(() => parseVmstat(c.text), { message: c.error });
      else assert.deepEqual(parseVmstat(c.text), c.want);
    });
  }
});

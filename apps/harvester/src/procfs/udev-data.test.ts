import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUdevProperties } from './udev-data.js';

describe('parseUdevProperties', () => {
  const cases: Array<{ title: string; text: string; want: Record<string, string> }> = [
    {
      title: 'keeps E: lines and skips the other records',
      text: 'S:disk/by-id/ata-X\nW:19\nI:4820933\nE:ID_ATA=1\nE:ID_MODEL=WDC_WD20EZRZ-00Z5HB0\nG:systemd\nQ:systemd\nV:1\n',
      want: { ID_ATA: '1', ID_MODEL: 'WDC_WD20EZRZ-00Z5HB0' },
    },
    {
      title: 'values keep blanks, backslashes and further = signs',
      text: 'E:ID_MODEL=Samsung SSD 970 EVO Plus 500GB\nE:ID_MODEL_ENC=WDC\\x20WD\nE:X=a=b\n',
      want: { ID_MODEL: 'Samsung SSD 970 EVO Plus 500GB', ID_MODEL_ENC: 'WDC\\x20WD', X: 'a=b' },
    },
    {
      title: 'an E: line without = is skipped; an empty value is kept; the last repeat wins',
      text: 'E:BROKEN\nE:EMPTY=\nE:ID_SERIAL=a\nE:ID_SERIAL=b',
      want: { EMPTY: '', ID_SERIAL: 'b' },
    },
    { title: 'a lower-case or indented prefix is not a property', text: 'e:A=1\n E:B=2\n', want: {} },
    { title: 'empty file', text: '', want: {} },
  ];
  for (const c of cases) {
    it(c.title, () => assert.deepEqual(Object.fromEntries(parseUdevProperties(c.text)), c.want));
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMounts, unescapeMountField, type MountEntry } from './mounts.js';

describe('parseMounts', () => {
  const cases: Array<{ title: string; text: string; want?: MountEntry[]; error?: RegExp }> = [
    {
      title: 'a plain line',
      text: '/dev/vda / ext4 rw,relatime,discard 0 0\n',
      want: [{ device: '/dev/vda', mountPoint: '/', fsType: 'ext4', options: ['rw', 'relatime', 'discard'] }],
    },
    {
      title: 'octal escapes in every field',
      text: '/dev/sdb1 /media/anna/Holiday\\040Photos\\0112024 exfat rw 0 0\nserver:/a\\134b /mnt/x\\012y nfs4 ro 0 0\n',
      want: [
        {
          device: '/dev/sdb1',
          mountPoint: '/media/anna/Holiday Photos\t2024',
          fsType: 'exfat',
          options: ['rw'],
        },
        { device: 'server:/a\\b', mountPoint: '/mnt/x\ny', fsType: 'nfs4', options: ['ro'] },
      ],
    },
    {
      title: 'dump and pass are optional, duplicates stay',
      text: 'tmpfs /run tmpfs rw\ntmpfs /run tmpfs rw\n\n',
      want: [
        { device: 'tmpfs', mountPoint: '/run', fsType: 'tmpfs', options: ['rw'] },
        { device: 'tmpfs', mountPoint: '/run', fsType: 'tmpfs', options: ['rw'] },
      ],
    },
    {
      title: 'too few fields',
      text: 'proc /proc proc rw 0 0\nbroken /x\n',
      error: /^cannot parse \/proc\/mounts line 2: expected at least 4 fields, got "broken \/x"$/,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) assert.throws(() => parseMounts(c.text), { message: c.error });
      else assert.deepEqual(parseMounts(c.text), c.want);
    });
  }

  const escapes: Array<[string, string]> = [
    ['/a\\040b', '/a b'],
    ['\\043hash', '#hash'],
    ['no escapes', 'no escapes'],
    ['\\04', '\\04'],
    ['\\999', '\\999'],
  ];
  for (const [raw, want] of escapes) {
    it(`unescapes ${JSON.stringify(raw)}`, () => assert.equal(unescapeMountField(raw), want));
  }
});

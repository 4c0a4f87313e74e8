import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminState, parseNetClassIface } from './net-class.js';

describe('parseNetClassIface', () => {
  it('reads an Ethernet device', () => {
    const iface = parseNetClassIface('eth0', {
      address: '02:fc:00:00:00:01',
      broadcast: 'ff:ff:ff:ff:ff:ff',
      duplex: 'full',
      operstate: 'up',
      ifalias: '',
      flags: '0x1003',
      dev_id: '0x0',
      mtu: '1500',
      speed: '1000',
      type: '1',
    });
    assert.deepEqual(iface, {
      name: 'eth0',
      text: {
        address: '02:fc:00:00:00:01',
        broadcast: 'ff:ff:ff:ff:ff:ff',
        duplex: 'full',
        ifalias: '',
        operstate: 'up',
      },
      numbers: { dev_id: 0, flags: 4099, mtu: 1500, speed: 1000, type: 1 },
    });
  });

  const numbers: Array<{ title: string; raw: string | undefined; want: number | undefined }> = [
    { title: 'decimal', raw: '65536', want: 65536 },
    { title: 'hex', raw: '0x9', want: 9 },
    { title: 'negative (speed of a link without one)', raw: '-1', want: -1 },
    { title: 'unreadable is absent', raw: undefined, want: undefined },
    { title: 'unparsable is 0, as procfs makes it', raw: 'garbage', want: 0 },
  ];
  for (const n of numbers) {
    it(`number: ${n.title}`, () => {
      const raw = n.raw === undefined ? {} : { speed: n.raw };
      assert.equal(parseNetClassIface('x', raw).numbers.speed, n.want);
    });
  }

  it('leaves unreadable text attributes empty', () => {
    assert.deepEqual(parseNetClassIface('ifb0', {}).text, {
      address: '',
      broadcast: '',
      duplex: '',
      ifalias: '',
      operstate: '',
    });
  });
});

describe('adminState', () => {
  const cases: Array<{ flags: number | undefined; want: string }> = [
    { flags: 0x1003, want: 'up' },
    { flags: 0x9, want: 'up' },
    { flags: 0x82, want: 'down' },
    { flags: 0x1002, want: 'down' },
    { flags: undefined, want: 'unknown' },
  ];
  for (const c of cases) {
    it(`flags ${c.flags === undefined ? 'unreadable' : `0x${c.flags.toString(16)}`} → ${c.want}`, () => {
      assert.equal(adminState(c.flags), c.want);
    });
  }
});

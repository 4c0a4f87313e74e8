import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from './crc32.js';
import { encodeRecord, recordSize, scanRecords, verifyRecord } from './record.js';

const meta = { minT: 1000, maxT: 2000, samples: 3 };
const payload = Uint8Array.from([0xde, 0xad, 0xbe, 0xef]);

describe('queue records', () => {
  it('lays out header, metadata and payload as documented', () => {
    const rec = encodeRecord(7, meta, payload);
    const view = new DataView(rec.buffer);
    assert.equal(rec.length, recordSize(4));
    assert.equal(rec.length, 8 + 28 + 4);
    assert.equal(view.getUint32(0, true), 32); // body length
    assert.equal(view.getUint32(4, true), crc32(rec, 8));
    assert.equal(view.getBigUint64(8, true), 7n);
    assert.equal(view.getFloat64(16, true), 1000);
    assert.equal(view.getFloat64(24, true), 2000);
    assert.equal(view.getUint32(32, true), 3);
    assert.deepEqual(rec.subarray(36), payload);
  });

  it('scans consecutive records and verifies one read back', () => {
    const a = encodeRecord(1, meta, payload);
    const b = encodeRecord(2, meta, new Uint8Array(0));
    const { records, damage } = scanRecords(new Uint8Array([...a, ...b]), 0);
    assert.equal(damage, undefined);
    assert.deepEqual(
      records.map((r) => [r.id, r.offset, r.size]),
      [
        [1, 0, a.length],
        [2, a.length, b.length],
      ],
    );
    assert.deepEqual(records[0]!.meta, meta);
    assert.deepEqual(verifyRecord(a, 1), { payload });
    assert.deepEqual(verifyRecord(a, 2), { damage: 'record is not batch 2' });
  });

  const good = encodeRecord(1, meta, payload);
  const flipped = good.slice();
  flipped[39] = flipped[39]! ^ 0x01; // last payload byte
  const cases: [string, Uint8Array, string, number][] = [
    ['a partial header', new Uint8Array([...good, 1, 2, 3]), 'torn', good.length],
    ['a partial body', new Uint8Array([...good, ...good.subarray(0, 20)]), 'torn', good.length],
    ['an impossible length', new Uint8Array([...good, 5, 0, 0, 0, 0, 0, 0, 0]), 'torn', good.length],
    ['a flipped payload bit', new Uint8Array([...good, ...flipped]), 'checksum', good.length],
    ['an id going backwards', new Uint8Array([...good, ...good]), 'checksum', good.length],
  ];
  for (const [what, bytes, kind, offset] of cases) {
    it(`stops at ${what}`, () => {
      const { records, damage } = scanRecords(bytes, 0);
      assert.equal(records.length, 1);
      assert.equal(damage?.kind, kind);
      assert.equal(damage?.offset, offset);
    });
  }

  it('reports a checksum failure on read-back', () => {
    const damaged = verifyRecord(flipped, 1);
    assert.ok('damage' in damaged && /^crc32 0x[0-9a-f]{8} instead of 0x[0-9a-f]{8}$/.test(damaged.damage));
  });
});

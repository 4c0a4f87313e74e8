import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError, STALE_NAN } from '@seahawks/model';
import type { Sample } from '@seahawks/model';
import { StorageIOError } from '../../storage/errors.js';
import { classifyPgError } from './classify.js';
import { CopyRows, decodePacked, PG_EPOCH_MS, toPgMicros } from './pg-binary.js';

/** One row of the packed read form: timestamptz_send(time) || float8send(value). */
function packed(micros: bigint, valueBits: bigint): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigInt64BE(micros, 0);
  b.writeBigUInt64BE(valueBits, 8);
  return b;
}

function bitsOf(v: number): bigint {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v);
  return b.readBigUInt64BE();
}

describe('postgres engine: binary forms', () => {
  it('converts ms since the Unix epoch to µs since 2000 and back, before 2000 too', () => {
    for (const t of [PG_EPOCH_MS, PG_EPOCH_MS - 1, 0, -86_400_001, Date.UTC(2030, 0, 1, 0, 0, 0, 999)]) {
      const micros = BigInt(toPgMicros(t));
      assert.equal(micros, (BigInt(t) - BigInt(PG_EPOCH_MS)) * 1000n);
      assert.deepEqual(decodePacked(packed(micros, 0n)), [{ t, v: 0 }]);
    }
    // Sub-millisecond times written by others floor to the millisecond.
    assert.equal(decodePacked(packed(1999n, 0n))[0]!.t, PG_EPOCH_MS + 1);
    assert.equal(decodePacked(packed(-1n, 0n))[0]!.t, PG_EPOCH_MS - 1);
  });

  it('keeps value bits, the staleness marker included, on the way out', () => {
    const bits = [0x7ff0000000000002n, 0x7ff8000000000001n, 0x8000000000000000n, 0xfff0000000000000n];
    const got = decodePacked(Buffer.concat(bits.map((b) => packed(0n, b))));
    assert.deepEqual(
      got.map((s) => bitsOf(s.v)),
      bits,
    );
  });

  it('writes COPY rows: time, series_id, value (NULL for the staleness marker), optional ord', () => {
    const rows = new CopyRows(1, true);
    const samples: Sample[] = [
      { t: PG_EPOCH_MS + 1, v: 1.5 },
      { t: PG_EPOCH_MS, v: STALE_NAN },
    ];
    rows.add(2 ** 40 + 7, samples[0]!);
    rows.add(1, samples[1]!);
    const buf = rows.finish();
    assert.equal(buf.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0');
    let o = 19;
    assert.equal(buf.readInt16BE(o), 4);
    assert.equal(buf.readBigInt64BE(o + 6), 1000n);
    assert.equal(buf.readBigInt64BE(o + 18), 2n ** 40n + 7n);
    assert.equal(buf.readDoubleBE(o + 30), 1.5);
    assert.equal(buf.readInt32BE(o + 42), 0);
    o += 46;
    assert.equal(buf.readInt32BE(o + 26), -1);
    assert.equal(buf.readInt32BE(o + 34), 1);
    assert.equal(buf.readInt16BE(o + 38), -1);
    assert.equal(buf.length, o + 40);
  });

  it('classifies server errors: bad data is input, anything else transient', () => {
    const cases: Array<[unknown, new (...a: never[]) => Error]> = [
      [Object.assign(new Error('invalid byte sequence'), { code: '22021' }), InvalidInputError],
      [Object.assign(new Error('index row size exceeds maximum'), { code: '54000' }), InvalidInputError],
      [Object.assign(new Error('terminating connection'), { code: '57P01' }), StorageIOError],
      [
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
        StorageIOError,
      ],
      [new Error('Connection terminated unexpectedly'), StorageIOError],
      [Object.assign(new Error('deadlock detected'), { code: '40P01' }), StorageIOError],
    ];
    for (const [err, want] of cases) {
      const got = classifyPgError(err, 'write samples');
      assert.ok(got instanceof want, `${String(err)} -> ${got.name}`);
      assert.match(got.message, /^cannot write samples: /);
      assert.equal(got.cause, err);
    }
    const typed = new InvalidInputError('cannot x: y');
    assert.equal(classifyPgError(typed, 'z'), typed);
  });
});

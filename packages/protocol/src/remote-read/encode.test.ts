import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError, STALE_NAN } from '@seahawks/model';
import { doubleBits, randomBytes, randomSeries, seededRandom } from '../remote-write/test-fixtures.js';
import type { RemoteWriteSeries } from '../remote-write/types.js';
import { decodeReadResponse } from './decode.js';
import { encodeReadRequest, encodeReadResponse } from './encode.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bits = (series: RemoteWriteSeries[]) =>
  series.map((s) => ({ labels: s.labels, samples: s.samples.map((x) => [x.t, doubleBits(x.v)]) }));

describe('encodeReadResponse', () => {
  it('writes a hand-checked vector byte for byte', () => {
    const encoded = encodeReadResponse([
      [{ labels: [{ name: '__name__', value: 'up' }], samples: [{ t: 1_700_000_000_000, v: 1 }] }],
      [],
    ]);
    const expected =
      '0a24' + // ReadResponse.results (1, bytes), 36 bytes
      '0a22' + //   QueryResult.timeseries (1, bytes), 34 bytes
      '0a0e0a085f5f6e616d655f5f12027570' + //     label __name__="up"
      '1210' + //     TimeSeries.samples, 16 bytes
      '09000000000000f03f' + //       value 1.0
      '1080d095ffbc31' + //       timestamp 1700000000000
      '0a00'; // an empty QueryResult for the second query
    assert.equal(hex(encoded), expected);
  });

  it('round-trips through decodeReadResponse bit for bit, staleness markers included', () => {
    const results = [
      randomSeries(seededRandom(7), 20),
      [],
      [
        {
          labels: [{ name: '__name__', value: 'gone' }],
          samples: [
            { t: 1, v: STALE_NAN },
            { t: -1, v: -0 },
          ],
        },
      ],
    ];
    const decoded = decodeReadResponse(encodeReadResponse(results));
    assert.equal(decoded.results.length, 3);
    decoded.results.forEach((got, i) => assert.deepEqual(bits(got), bits(results[i]!), `result ${i}`));
  });

  it('refuses a timestamp that is not a safe integer with a remote_read message', () => {
    assert.throws(
      () => encodeReadResponse([[{ labels: [], samples: [{ t: 0.5, v: 1 }] }]]),
      (err: unknown) =>
        err instanceof InvalidInputError &&
        /^cannot encode remote_read protobuf: timestamp 0\.5 is not a safe integer/.test(err.message),
    );
    assert.throws(
      () => encodeReadRequest([{ startMs: Number.NaN, endMs: 0, matchers: [] }]),
      /^InvalidInputError: cannot encode remote_read protobuf: timestamp NaN/,
    );
  });
});

describe('decodeReadResponse', () => {
  const garbage: Array<[string, Uint8Array, RegExp]> = [
    [
      'a truncated result',
      Uint8Array.from([0x0a, 0x04, 0x0a]),
      /length 4 exceeds remaining 1 bytes at byte 1/,
    ],
    ['a result sent as a varint', Uint8Array.from([0x08, 0x00]), /invalid wire type 0 for field 1/],
    ['a broken series inside a result', Uint8Array.from([0x0a, 0x02, 0x0a, 0x05]), /exceeds remaining/],
  ];
  for (const [what, input, want] of garbage) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => decodeReadResponse(input),
        (err: unknown) =>
          err instanceof InvalidInputError &&
          err.message.startsWith('cannot decode remote_read protobuf: ') &&
          want.test(err.message),
      );
    });
  }

  it('answers random bytes with a result or an InvalidInputError, never anything else', () => {
    const random = seededRandom(99);
    for (let i = 0; i < 2000; i++) {
      try {
        decodeReadResponse(randomBytes(random, 1 + (i % 80)));
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `input ${i}: ${String(err)}`);
      }
    }
  });
});

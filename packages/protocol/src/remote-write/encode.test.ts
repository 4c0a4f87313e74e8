import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError, isStaleNaN, STALE_NAN } from '@seahawks/model';
import { decodeWriteRequest } from './decode.js';
import { encodeWriteRequest } from './encode.js';
import { doubleBits, randomSeries, seededRandom } from './test-fixtures.js';
import type { RemoteWriteSeries } from './types.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Compares series bit for bit: deepEqual treats all NaNs alike and -0 like +0 is not enough. */
function assertSameSeries(actual: RemoteWriteSeries[], expected: RemoteWriteSeries[]): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.deepEqual(actual[i]!.labels, expected[i]!.labels, `labels of series ${i}`);
    const bits = (s: RemoteWriteSeries) => s.samples.map((x) => [x.t, doubleBits(x.v)]);
    assert.deepEqual(bits(actual[i]!), bits(expected[i]!), `samples of series ${i}`);
  }
}

describe('encodeWriteRequest', () => {
  it('writes the hand-written vector byte for byte', () => {
    const encoded = encodeWriteRequest([
      {
        labels: [
          { name: '__name__', value: 'up' },
          { name: 'job', value: 'node' },
        ],
        samples: [{ t: 1_700_000_000_000, v: 1 }],
      },
    ]);
    const expected =
      '0a2f' + // WriteRequest.timeseries, 47 bytes
      '0a0e' +
      '0a085f5f6e616d655f5f' +
      '12027570' + // label __name__="up"
      '0a0b' +
      '0a036a6f62' +
      '12046e6f6465' + // label job="node"
      '1210' +
      '09000000000000f03f' +
      '1080d095ffbc31'; // sample v=1 t=1700000000000
    assert.equal(hex(encoded), expected);
  });

  it('omits proto3 defaults but keeps -0, NaN payloads and negative timestamps', () => {
    const encoded = encodeWriteRequest([
      {
        labels: [{ name: 'a', value: '' }],
        samples: [
          { t: 0, v: 0 },
          { t: -5, v: STALE_NAN },
          { t: 0, v: -0 },
        ],
      },
    ]);
    assert.equal(
      hex(encoded),
      '0a28' + // WriteRequest.timeseries, 40 bytes
        '0a03' +
        '0a0161' + // label a="" (empty value omitted)
        '1200' + // sample t=0 v=0: all fields omitted
        '1214' +
        '09020000000000f07f' +
        '10fbffffffffffffffff01' + // stale NaN at t=-5
        '1209' +
        '090000000000000080', // -0
    );
    const back = decodeWriteRequest(encoded).series[0]!.samples;
    assert.ok(isStaleNaN(back[1]!.v));
    assert.ok(Object.is(back[2]!.v, -0));
  });

  it('round-trips random series bit-exact', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const series = randomSeries(seededRandom(seed), 20);
      assertSameSeries(decodeWriteRequest(encodeWriteRequest(series)).series, series);
    }
  });

  it('round-trips a staleness marker through encode, decode and encode again', () => {
    const first = encodeWriteRequest([
      { labels: [{ name: '__name__', value: 'x' }], samples: [{ t: 1, v: STALE_NAN }] },
    ]);
    const second = encodeWriteRequest(decodeWriteRequest(first).series);
    assert.equal(hex(second), hex(first));
    assert.ok(hex(first).includes('020000000000f07f'));
  });

  it('makes mergeable requests: a concatenation decodes as the series of both', () => {
    const a = randomSeries(seededRandom(7), 5);
    const b = randomSeries(seededRandom(8), 5);
    const joined = new Uint8Array([...encodeWriteRequest(a), ...encodeWriteRequest(b)]);
    assertSameSeries(decodeWriteRequest(joined).series, [...a, ...b]);
  });

  it('writes long strings with multi-byte length prefixes', () => {
    const value = 'é'.repeat(70_000);
    const series = [{ labels: [{ name: 'big', value }], samples: [] }];
    assert.equal(decodeWriteRequest(encodeWriteRequest(series)).series[0]!.labels[0]!.value, value);
  });

  for (const t of [1.5, NaN, Infinity, 2 ** 53]) {
    it(`rejects timestamp ${t}`, () => {
      assert.throws(
        () => encodeWriteRequest([{ labels: [], samples: [{ t, v: 1 }] }]),
        (err: unknown) =>
          err instanceof InvalidInputError &&
          err.message ===
            `cannot encode remote_write protobuf: timestamp ${t} is not a safe integer of milliseconds`,
      );
    });
  }

  it('writes a lone surrogate, which UTF-8 cannot hold, as U+FFFD', () => {
    const series = [{ labels: [{ name: 'a', value: 'x\ud800y' }], samples: [] }];
    assert.equal(decodeWriteRequest(encodeWriteRequest(series)).series[0]!.labels[0]!.value, 'x\ufffdy');
  });

  it('encodes an empty request as zero bytes', () => {
    assert.equal(encodeWriteRequest([]).length, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError, isStaleNaN } from '@seahawks/model';
import { decodeWriteRequest } from './decode.js';

/** Builds bytes from numbers, strings (ASCII) and nested arrays, to write vectors by hand. */
type Part = number | string | Part[];
function bytes(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  const add = (p: Part): void => {
    if (typeof p === 'number') out.push(p);
    else if (typeof p === 'string') for (const c of p) out.push(c.charCodeAt(0));
    else p.forEach(add);
  };
  parts.forEach(add);
  return Uint8Array.from(out);
}

// WriteRequest{timeseries:[{labels:[{__name__,up},{job,node}], samples:[{v:1,t:1700000000000}]}]},
// written by hand from prompb/remote.proto and prompb/types.proto.
const VECTOR = bytes(
  [0x0a, 0x2f], // WriteRequest.timeseries (1, bytes), 47 bytes
  [0x0a, 0x0e], //   TimeSeries.labels (1, bytes), 14 bytes
  [0x0a, 0x08, '__name__'], //     Label.name (1, string)
  [0x12, 0x02, 'up'], //     Label.value (2, string)
  [0x0a, 0x0b], //   TimeSeries.labels, 11 bytes
  [0x0a, 0x03, 'job'],
  [0x12, 0x04, 'node'],
  [0x12, 0x10], //   TimeSeries.samples (2, bytes), 16 bytes
  [0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f], //     Sample.value (1, double) 1.0 little-endian
  [0x10, 0x80, 0xd0, 0x95, 0xff, 0xbc, 0x31], //     Sample.timestamp (2, int64) 1700000000000
);

function decodeError(input: Uint8Array): string {
  try {
    decodeWriteRequest(input);
  } catch (err) {
    assert.ok(err instanceof InvalidInputError, `expected InvalidInputError, got ${String(err)}`);
    return err.message;
  }
  return assert.fail('expected the input to be rejected');
}

describe('decodeWriteRequest', () => {
  it('decodes a hand-written vector', () => {
    assert.deepEqual(decodeWriteRequest(VECTOR), {
      series: [
        {
          labels: [
            { name: '__name__', value: 'up' },
            { name: 'job', value: 'node' },
          ],
          samples: [{ t: 1_700_000_000_000, v: 1 }],
        },
      ],
      skipped: { exemplars: 0, histograms: 0, metadata: 0 },
    });
  });

  it('decodes an empty request and defaults absent fields', () => {
    assert.deepEqual(decodeWriteRequest(new Uint8Array(0)).series, []);
    assert.deepEqual(decodeWriteRequest(bytes(0x0a, 0x06, 0x0a, 0x00, 0x12, 0x00, 0x12, 0x00)).series, [
      {
        labels: [{ name: '', value: '' }],
        samples: [
          { t: 0, v: 0 },
          { t: 0, v: 0 },
        ],
      },
    ]);
  });

  it('keeps the staleness NaN bit-exact and negative timestamps exact', () => {
    const req = bytes(
      [0x0a, 0x16, 0x12, 0x14],
      [0x09, 0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f], // 0x7ff0000000000002 little-endian
      [0x10, 0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // -5
    );
    const sample = decodeWriteRequest(req).series[0]!.samples[0]!;
    assert.ok(isStaleNaN(sample.v));
    assert.equal(sample.t, -5);
  });

  it('accepts timestamps up to ±(2^53-1) and rejects beyond', () => {
    const max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]; // 2^53-1
    const over = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]; // 2^53
    const min = [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xf0, 0xff, 0x01]; // -(2^53-1)
    const under = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xf0, 0xff, 0x01]; // -2^53
    const withTs = (ts: number[]) => bytes(0x0a, ts.length + 3, 0x12, ts.length + 1, 0x10, ts);
    assert.equal(decodeWriteRequest(withTs(max)).series[0]!.samples[0]!.t, Number.MAX_SAFE_INTEGER);
    assert.equal(decodeWriteRequest(withTs(min)).series[0]!.samples[0]!.t, -Number.MAX_SAFE_INTEGER);
    assert.match(
      decodeError(withTs(over)),
      /timestamp 9007199254740992 is beyond the exact range .* at byte 5$/,
    );
    assert.match(decodeError(withTs(under)), /timestamp -9007199254740992 is beyond the exact range/);
  });

  it('skips metadata, exemplars, histograms and unknown fields of every wire type, and counts them', () => {
    const req = bytes(
      [0x1a, 0x04, 0x08, 0x01, 0x12, 0x00], // WriteRequest.metadata {type: COUNTER, name: ""}
      [0x10, 0x96, 0x01], // unknown WriteRequest field 2 (reserved), varint
      [0x0a, 0x21], // timeseries, 33 bytes
      [0x1a, 0x02, 0x11, 0x00], //   exemplar (3)
      [0x22, 0x02, 0x08, 0x01], //   histogram (4)
      [0x29, 1, 2, 3, 4, 5, 6, 7, 8], //   unknown field 5, fixed64
      [0x35, 1, 2, 3, 4], //   unknown field 6, fixed32
      [0x3b, 0x08, 0x01, 0x3c], //   unknown field 7, group holding a varint
      [0x0a, 0x05, 0x0a, 0x01, 'a', 0x18, 0x07], //   label {name: a, unknown field 3 varint}
    );
    const decoded = decodeWriteRequest(req);
    assert.deepEqual(decoded.series, [{ labels: [{ name: 'a', value: '' }], samples: [] }]);
    assert.deepEqual(decoded.skipped, { exemplars: 1, histograms: 1, metadata: 1 });
  });

  it('keeps a leading byte-order mark and decodes multi-byte UTF-8', () => {
    const value = [0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9]; // U+FEFF "hé"
    const req = bytes(0x0a, 0x0a, 0x0a, 0x08, 0x12, 0x06, value);
    assert.equal(decodeWriteRequest(req).series[0]!.labels[0]!.value, '\ufeffhé');
  });

  const rejects: [string, Uint8Array, string][] = [
    ['a truncated tag', bytes(0x80), 'truncated varint at byte 0'],
    ['a truncated length', bytes(0x0a, 0x80), 'truncated varint at byte 1'],
    [
      'an 11-byte varint',
      bytes(0x10, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]),
      'at byte 1',
    ],
    [
      'a varint over 64 bits',
      bytes(0x10, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]),
      'varint overflows 64 bits at byte 1',
    ],
    [
      'a length past the end',
      bytes(0x0a, 0x9f, 0x8d, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      'length 99999 exceeds remaining 12 bytes at byte 1',
    ],
    [
      'a nested length past its parent',
      bytes(0x0a, 0x02, 0x0a, 0x05, 0, 0, 0, 0, 0),
      'length 5 exceeds remaining 0 bytes at byte 3',
    ],
    ['wire type 7', bytes(0x0a, 0x02, 0x17, 0x00), 'invalid wire type 7 for field 2 at byte 2'],
    ['wire type 6', bytes(0x0e), 'invalid wire type 6 for field 1 at byte 0'],
    [
      'a known field with the wrong wire type',
      bytes(0x08, 0x01),
      'invalid wire type 0 for field 1 at byte 0',
    ],
    [
      'a sample value as a varint',
      bytes(0x0a, 0x04, 0x12, 0x02, 0x08, 0x01),
      'invalid wire type 0 for field 1 at byte 4',
    ],
    ['field number 0', bytes(0x00), 'invalid field number 0 at byte 0'],
    ['a truncated double', bytes(0x0a, 0x05, 0x12, 0x03, 0x09, 0x00, 0x00), 'truncated fixed64 at byte 5'],
    ['an unmatched end-group', bytes(0x0c), 'invalid wire type 4 for field 1 at byte 0'],
    ['an unterminated group', bytes(0x13, 0x08, 0x01), 'unterminated group 2 at byte 0'],
    ['a mismatched end-group', bytes(0x13, 0x1c), 'end of group 3 does not match group 2 at byte 1'],
    [
      'invalid UTF-8 in a label name',
      bytes(0x0a, 0x05, 0x0a, 0x03, 0x0a, 0x01, 0xff),
      'invalid UTF-8 in label name at byte 6',
    ],
    [
      'invalid UTF-8 in a label value',
      bytes(0x0a, 0x06, 0x0a, 0x04, 0x12, 0x02, 0xc3, 0x28),
      'invalid UTF-8 in label value at byte 6',
    ],
    [
      'an overlong UTF-8 encoding',
      bytes(0x0a, 0x06, 0x0a, 0x04, 0x12, 0x02, 0xc0, 0xaf),
      'invalid UTF-8 in label value',
    ],
  ];
  for (const [what, input, message] of rejects) {
    it(`rejects ${what}`, () => {
      const got = decodeError(input);
      assert.ok(got.startsWith('cannot decode remote_write protobuf: '), got);
      assert.ok(got.includes(message), `"${got}" should contain "${message}"`);
    });
  }

  it('rejects deeply nested groups without exhausting the stack', () => {
    const deep = new Uint8Array(10_000).fill(0x13); // group 2 opened 10 000 times
    assert.match(decodeError(deep), /groups nested deeper than 64 at byte 64$/);
  });
});

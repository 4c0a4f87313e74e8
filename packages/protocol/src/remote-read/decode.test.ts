import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '@seahawks/model';
import { randomBytes, seededRandom } from '../remote-write/test-fixtures.js';
import { decodeReadRequest } from './decode.js';
import { encodeReadRequest } from './encode.js';

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

const T0 = [0x80, 0xd0, 0x95, 0xff, 0xbc, 0x31]; // int64 varint 1700000000000
const T1 = [0xe0, 0xf7, 0xa7, 0xff, 0xbc, 0x31]; // int64 varint 1700000300000
const MIN_INT64 = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
const MAX_INT64 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];

// ReadRequest{queries:[{start, end, matchers:[__name__="up", job=~"n.*"], hints}],
// accepted_response_types:[STREAMED_XOR_CHUNKS, SAMPLES]}, written by hand from prompb/remote.proto.
const VECTOR = bytes(
  [0x0a, 0x36], // ReadRequest.queries (1, bytes), 54 bytes
  [0x08, T0], //   Query.start_timestamp_ms (1, int64)
  [0x10, T1], //   Query.end_timestamp_ms (2, int64)
  [0x1a, 0x0e], //   Query.matchers (3, bytes), 14 bytes; type EQ (0) omitted
  [0x12, 0x08, '__name__'], //     LabelMatcher.name (2, string)
  [0x1a, 0x02, 'up'], //     LabelMatcher.value (3, string)
  [0x1a, 0x0c], //   Query.matchers, 12 bytes
  [0x08, 0x02], //     LabelMatcher.type (1, enum) RE
  [0x12, 0x03, 'job'],
  [0x1a, 0x03, 'n.*'],
  [0x22, 0x08, 0x08, 0x3c, 0x12, 0x04, 'rate'], //   Query.hints (4, bytes): step_ms 60, func "rate"
  [0x12, 0x02, 0x01, 0x00], // accepted_response_types (2, packed)
);

function decodeError(input: Uint8Array): string {
  try {
    decodeReadRequest(input);
  } catch (err) {
    assert.ok(err instanceof InvalidInputError, `expected InvalidInputError, got ${String(err)}`);
    return err.message;
  }
  return assert.fail('expected the input to be rejected');
}

describe('decodeReadRequest', () => {
  it('decodes a hand-written vector and ignores the hints', () => {
    assert.deepEqual(decodeReadRequest(VECTOR), {
      queries: [
        {
          startMs: 1_700_000_000_000,
          endMs: 1_700_000_300_000,
          matchers: [
            { type: '=', name: '__name__', value: 'up' },
            { type: '=~', name: 'job', value: 'n.*' },
          ],
        },
      ],
      acceptedResponseTypes: [1, 0],
    });
  });

  const cases: Array<[string, Uint8Array, Partial<ReturnType<typeof decodeReadRequest>>]> = [
    ['an empty request', bytes(), { queries: [], acceptedResponseTypes: [] }],
    ['unpacked response types', bytes([0x10, 0x00], [0x10, 0x01]), { acceptedResponseTypes: [0, 1] }],
    [
      "Go's extreme times, clamped to safe integers",
      bytes([0x0a, 0x15], [0x08, MIN_INT64], [0x10, MAX_INT64]),
      {
        queries: [{ startMs: -Number.MAX_SAFE_INTEGER, endMs: Number.MAX_SAFE_INTEGER, matchers: [] }],
      },
    ],
    [
      'a negative start of one millisecond',
      bytes([0x0a, 0x0b], [0x08, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]]),
      { queries: [{ startMs: -1, endMs: 0, matchers: [] }] },
    ],
    [
      'unknown fields, skipped',
      bytes([0x1a, 0x01, 0x00], [0x0a, 0x04, 0x28, 0x05, 0x3a, 0x00]),
      { queries: [{ startMs: 0, endMs: 0, matchers: [] }] },
    ],
  ];
  for (const [what, input, want] of cases) {
    it(`decodes ${what}`, () => {
      const got = decodeReadRequest(input);
      for (const [key, value] of Object.entries(want)) {
        assert.deepEqual(got[key as keyof typeof got], value);
      }
    });
  }

  it('round-trips what encodeReadRequest writes', () => {
    const queries = [
      {
        startMs: -5,
        endMs: 1_700_000_000_123,
        matchers: [
          { type: '!=' as const, name: 'job', value: 'ünïcödé' },
          { type: '!~' as const, name: 'instance', value: '' },
          { type: '=' as const, name: '__name__', value: 'node_cpu_seconds_total' },
        ],
      },
      { startMs: 0, endMs: 0, matchers: [] },
    ];
    assert.deepEqual(decodeReadRequest(encodeReadRequest(queries, [0])), {
      queries,
      acceptedResponseTypes: [0],
    });
  });

  const garbage: Array<[string, Uint8Array, RegExp]> = [
    ['a truncated query', bytes([0x0a, 0x05, 0x08]), /length 5 exceeds remaining 1 bytes at byte 1/],
    ['a truncated timestamp', bytes([0x0a, 0x02, 0x08, 0x80]), /truncated varint at byte 3/],
    [
      'a varint of 11 bytes',
      bytes([0x0a, 0x0c, 0x08], Array(10).fill(0x80), 0x01),
      /overflows 64 bits at byte 3/,
    ],
    ['a timestamp over 64 bits', bytes([0x0a, 0x0b, 0x08], Array(9).fill(0xff), 0x02), /overflows 64 bits/],
    ['a query sent as a varint', bytes([0x08, 0x01]), /invalid wire type 0 for field 1 at byte 0/],
    [
      'a start time sent as bytes',
      bytes([0x0a, 0x02, 0x0a, 0x00]),
      /invalid wire type 2 for field 1 at byte 2/,
    ],
    ['matcher type 7', bytes([0x0a, 0x04, 0x1a, 0x02, 0x08, 0x07]), /unknown matcher type 7 at byte 4/],
    [
      'invalid UTF-8 in a matcher name',
      bytes([0x0a, 0x05, 0x1a, 0x03, 0x12, 0x01, 0xff]),
      /invalid UTF-8 in matcher name/,
    ],
    ['field number 0', bytes([0x00, 0x00]), /invalid field number 0 at byte 0/],
  ];
  for (const [what, input, want] of garbage) {
    it(`refuses ${what} with a remote_read message`, () => {
      const message = decodeError(input);
      assert.match(message, /^cannot decode remote_read protobuf: /);
      assert.match(message, want);
    });
  }

  it('answers random bytes with a result or an InvalidInputError, never anything else', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 2000; i++) {
      const input = randomBytes(random, 1 + (i % 64));
      try {
        decodeReadRequest(input);
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `input ${i}: ${String(err)}`);
      }
    }
  });
});

import { InvalidInputError } from '@seahawks/model';
import type { Matcher, MatchType } from '@seahawks/model';
import { decodeWriteRequest } from '../remote-write/decode.js';
import { WIRE_BYTES, WIRE_VARINT, WireReader } from '../remote-write/wire-reader.js';
import { asReadError, READ_DECODE_PREFIX } from './errors.js';
import type { DecodedReadRequest, DecodedReadResponse, ReadQuery } from './types.js';

// Tags are (field << 3) | wire type, from prompb/remote.proto and prompb/types.proto.
const TAG_REQUEST_QUERY = 0x0a; // ReadRequest.queries = 1, bytes
const TAG_REQUEST_TYPE = 0x10; // ReadRequest.accepted_response_types = 2, enum (unpacked)
const TAG_REQUEST_TYPES_PACKED = 0x12; // the same field, packed
const TAG_QUERY_START = 0x08; // Query.start_timestamp_ms = 1, int64
const TAG_QUERY_END = 0x10; // Query.end_timestamp_ms = 2, int64
const TAG_QUERY_MATCHER = 0x1a; // Query.matchers = 3, bytes
const TAG_QUERY_HINTS = 0x22; // Query.hints = 4, bytes (ignored)
const TAG_MATCHER_TYPE = 0x08; // LabelMatcher.type = 1, enum
const TAG_MATCHER_NAME = 0x12; // LabelMatcher.name = 2, string
const TAG_MATCHER_VALUE = 0x1a; // LabelMatcher.value = 3, string
const TAG_RESPONSE_RESULT = 0x0a; // ReadResponse.results = 1, bytes

/** `LabelMatcher.Type`: EQ = 0, NEQ = 1, RE = 2, NRE = 3. */
const MATCH_TYPES: readonly MatchType[] = ['=', '!=', '=~', '!~'];

/**
 * Decodes a Prometheus remote_read `ReadRequest` (the protobuf, already un-snappied): each query's
 * time range and label matchers, and the accepted response types. Hints are skipped.
 *
 * Throws `InvalidInputError` ("cannot decode remote_read protobuf: … at byte N") for anything
 * malformed: truncated or overlong varints, lengths past their message, wrong wire types for known
 * fields, invalid UTF-8, unknown matcher types. Never throws anything else.
 */
export function decodeReadRequest(bytes: Uint8Array): DecodedReadRequest {
  return asReadError(() => {
    const r = new WireReader(bytes);
    const end = bytes.length;
    const queries: ReadQuery[] = [];
    const acceptedResponseTypes: number[] = [];
    while (r.pos < end) {
      const tagStart = r.pos;
      const tag = r.uint(end);
      if (tag === TAG_REQUEST_QUERY) {
        queries.push(readQuery(r, r.lengthEnd(end)));
      } else if (tag === TAG_REQUEST_TYPE) {
        acceptedResponseTypes.push(r.uint(end));
      } else if (tag === TAG_REQUEST_TYPES_PACKED) {
        const packedEnd = r.lengthEnd(end);
        while (r.pos < packedEnd) acceptedResponseTypes.push(r.uint(packedEnd));
      } else {
        const field = Math.floor(tag / 8);
        r.skip(tag, tagStart, end, field === 1 || field === 2, field === 1 ? WIRE_BYTES : WIRE_VARINT);
      }
    }
    return { queries, acceptedResponseTypes };
  });
}

/**
 * Decodes a `ReadResponse` of the samples type (un-snappied): one list of series per query.
 * For clients and tests; the same errors as `decodeReadRequest`.
 */
export function decodeReadResponse(bytes: Uint8Array): DecodedReadResponse {
  return asReadError(() => {
    const r = new WireReader(bytes);
    const end = bytes.length;
    const results: DecodedReadResponse['results'] = [];
    while (r.pos < end) {
      const tagStart = r.pos;
      const tag = r.uint(end);
      if (tag === TAG_RESPONSE_RESULT) {
        const resultEnd = r.lengthEnd(end);
        // A QueryResult is laid out exactly as a WriteRequest: field 1 holds the TimeSeries.
        results.push(decodeWriteRequest(bytes.subarray(r.pos, resultEnd)).series);
        r.pos = resultEnd;
      } else {
        r.skip(tag, tagStart, end, Math.floor(tag / 8) === 1, WIRE_BYTES);
      }
    }
    return { results };
  });
}

function readQuery(r: WireReader, end: number): ReadQuery {
  const query: ReadQuery = { startMs: 0, endMs: 0, matchers: [] };
  while (r.pos < end) {
    const tagStart = r.pos;
    const tag = r.uint(end);
    switch (tag) {
      case TAG_QUERY_START:
        query.startMs = clampedInt64(r, end);
        break;
      case TAG_QUERY_END:
        query.endMs = clampedInt64(r, end);
        break;
      case TAG_QUERY_MATCHER:
        query.matchers.push(readMatcher(r, r.lengthEnd(end)));
        break;
      case TAG_QUERY_HINTS:
        r.pos = r.lengthEnd(end);
        break;
      default: {
        const field = Math.floor(tag / 8);
        r.skip(tag, tagStart, end, field >= 1 && field <= 4, field <= 2 ? WIRE_VARINT : WIRE_BYTES);
      }
    }
  }
  return query;
}

function readMatcher(r: WireReader, end: number): Matcher {
  let type = 0;
  let typeAt = r.pos;
  let name = '';
  let value = '';
  while (r.pos < end) {
    const tagStart = r.pos;
    const tag = r.uint(end);
    if (tag === TAG_MATCHER_TYPE) {
      typeAt = tagStart;
      type = r.uint(end);
    } else if (tag === TAG_MATCHER_NAME) name = r.string(end, 'matcher name');
    else if (tag === TAG_MATCHER_VALUE) value = r.string(end, 'matcher value');
    else {
      const field = Math.floor(tag / 8);
      r.skip(tag, tagStart, end, field >= 1 && field <= 3, field === 1 ? WIRE_VARINT : WIRE_BYTES);
    }
  }
  const matchType = MATCH_TYPES[type];
  if (matchType === undefined) {
    throw new InvalidInputError(`${READ_DECODE_PREFIX}unknown matcher type ${type} at byte ${typeAt}`);
  }
  return { type: matchType, name, value };
}

/**
 * Reads an int64 varint, clamping it to ±(2^53−1): clients send Go's extreme times (about
 * ±9.2e18 ms) for "unbounded", and a bound that far out means the same once clamped.
 */
function clampedInt64(r: WireReader, limit: number): number {
  const start = r.pos;
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= limit) r.fail(`truncated varint at byte ${start}`);
    const b = r.buf[r.pos++]!;
    if (i === 9 && b > 1) r.fail(`varint overflows 64 bits at byte ${start}`);
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if (b < 0x80) {
      const signed = Number(BigInt.asIntN(64, value));
      return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, signed));
    }
  }
  return r.fail(`varint longer than 10 bytes at byte ${start}`);
}

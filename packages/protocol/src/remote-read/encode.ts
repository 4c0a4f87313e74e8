import { InvalidInputError } from '@seahawks/model';
import type { Matcher } from '@seahawks/model';
import { encodeWriteRequest } from '../remote-write/encode.js';
import { varint32Length, writeVarint32 } from '../remote-write/wire-writer.js';
import { asReadError, READ_ENCODE_PREFIX } from './errors.js';
import type { ReadQueryInput, ReadResultInput } from './types.js';

const TAG_RESPONSE_RESULT = 0x0a; // ReadResponse.results = 1, bytes
const TAG_REQUEST_QUERY = 0x0a; // ReadRequest.queries = 1, bytes
const TAG_REQUEST_TYPES_PACKED = 0x12; // ReadRequest.accepted_response_types = 2, packed enum
const TAG_QUERY_START = 0x08;
const TAG_QUERY_END = 0x10;
const TAG_QUERY_MATCHER = 0x1a;
const TAG_MATCHER_TYPE = 0x08;
const TAG_MATCHER_NAME = 0x12;
const TAG_MATCHER_VALUE = 0x1a;

const MATCH_TYPE_NUMBER: Readonly<Record<Matcher['type'], number>> = { '=': 0, '!=': 1, '=~': 2, '!~': 3 };
const utf8 = new TextEncoder();

/**
 * Encodes a remote_read `ReadResponse` of the samples type (protobuf, not yet compressed): one
 * `QueryResult` per entry of `results`, in order, each holding its series as given (labels and
 * samples bit-exact, the staleness NaN included). The sender compresses it as one snappy block.
 * Throws `InvalidInputError` when a timestamp is not a safe integer of milliseconds.
 */
export function encodeReadResponse(results: readonly ReadResultInput[]): Uint8Array {
  // A QueryResult is laid out exactly as a WriteRequest (field 1: repeated TimeSeries).
  const bodies = results.map((series) => asReadError(() => encodeWriteRequest(series)));
  let total = 0;
  for (const b of bodies) total += 1 + varint32Length(b.length) + b.length;
  const out = new Uint8Array(total);
  let pos = 0;
  for (const b of bodies) {
    out[pos++] = TAG_RESPONSE_RESULT;
    pos = writeVarint32(out, pos, b.length);
    out.set(b, pos);
    pos += b.length;
  }
  return out;
}

/**
 * Encodes a remote_read `ReadRequest` (protobuf, not yet compressed), as a client sends it;
 * `acceptedResponseTypes` are written packed. For tests and tools: the nester only answers.
 */
export function encodeReadRequest(
  queries: readonly ReadQueryInput[],
  acceptedResponseTypes: readonly number[] = [],
): Uint8Array {
  const out: number[] = [];
  for (const q of queries) field(out, TAG_REQUEST_QUERY, encodeQuery(q));
  if (acceptedResponseTypes.length > 0) {
    const packed: number[] = [];
    for (const t of acceptedResponseTypes) varint(packed, BigInt(t));
    field(out, TAG_REQUEST_TYPES_PACKED, packed);
  }
  return Uint8Array.from(out);
}

function encodeQuery(q: ReadQueryInput): number[] {
  const out: number[] = [];
  if (q.startMs !== 0) int64(out, TAG_QUERY_START, q.startMs);
  if (q.endMs !== 0) int64(out, TAG_QUERY_END, q.endMs);
  for (const m of q.matchers) {
    const body: number[] = [];
    const type = MATCH_TYPE_NUMBER[m.type];
    if (type !== 0) body.push(TAG_MATCHER_TYPE, type);
    if (m.name !== '') field(body, TAG_MATCHER_NAME, [...utf8.encode(m.name)]);
    if (m.value !== '') field(body, TAG_MATCHER_VALUE, [...utf8.encode(m.value)]);
    field(out, TAG_QUERY_MATCHER, body);
  }
  return out;
}

function int64(out: number[], tag: number, ms: number): void {
  if (!Number.isSafeInteger(ms)) {
    throw new InvalidInputError(`${READ_ENCODE_PREFIX}timestamp ${ms} is not a safe integer of milliseconds`);
  }
  out.push(tag);
  varint(out, BigInt.asUintN(64, BigInt(ms)));
}

function field(out: number[], tag: number, body: readonly number[]): void {
  out.push(tag);
  varint(out, BigInt(body.length));
  for (const b of body) out.push(b);
}

function varint(out: number[], n: bigint): void {
  let rest = n;
  while (rest > 0x7fn) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
}

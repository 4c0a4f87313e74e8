import { InvalidInputError } from '@seahawks/model';
import type { Label, Sample } from '@seahawks/model';
import type { RemoteWriteSeriesInput } from './types.js';
import { utf8Length, varint32Length, writeUtf8, writeVarint32 } from './wire-writer.js';

const TAG_WRITE_TIMESERIES = 0x0a;
const TAG_SERIES_LABEL = 0x0a;
const TAG_SERIES_SAMPLE = 0x12;
const TAG_LABEL_NAME = 0x0a;
const TAG_LABEL_VALUE = 0x12;
const TAG_SAMPLE_VALUE = 0x09;
const TAG_SAMPLE_TIMESTAMP = 0x10;
const TWO_32 = 0x100000000;

// Pass 1 records every length (series, label, string) in visit order; pass 2 replays them, so
// no size is computed twice and nothing is allocated per field. Reused across calls.
let sizes = new Int32Array(1024);
let sizeCount = 0;

function pushSize(n: number): void {
  if (sizeCount === sizes.length) {
    const grown = new Int32Array(sizes.length * 2);
    grown.set(sizes);
    sizes = grown;
  }
  sizes[sizeCount++] = n;
}

/**
 * Encodes series as a Prometheus remote_write 1.0 `WriteRequest` (protobuf, not yet compressed).
 * Output is canonical proto3: empty strings, +0 values and zero timestamps are omitted, and
 * values are written bit-exact (the staleness NaN and -0 survive). Throws `InvalidInputError`
 * when a timestamp is not a safe integer of milliseconds. Concatenating two encoded requests
 * yields a valid request holding the series of both.
 */
export function encodeWriteRequest(series: readonly RemoteWriteSeriesInput[]): Uint8Array {
  sizeCount = 0;
  let total = 0;
  for (const s of series) {
    const len = measureSeries(s);
    total += 1 + varint32Length(len) + len;
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let pos = 0;
  let next = 0;
  for (const s of series) {
    const seriesLen = sizes[next++]!;
    out[pos++] = TAG_WRITE_TIMESERIES;
    pos = writeVarint32(out, pos, seriesLen);
    for (const l of s.labels) {
      out[pos++] = TAG_SERIES_LABEL;
      pos = writeVarint32(out, pos, sizes[next++]!);
      const nameLen = sizes[next++]!;
      const valueLen = sizes[next++]!;
      if (nameLen > 0) pos = writeString(out, pos, TAG_LABEL_NAME, l.name, nameLen);
      if (valueLen > 0) pos = writeString(out, pos, TAG_LABEL_VALUE, l.value, valueLen);
    }
    for (const sample of s.samples) pos = writeSample(out, view, pos, sample);
  }
  return out;
}

function measureSeries(s: RemoteWriteSeriesInput): number {
  const at = sizeCount;
  pushSize(0); // patched below, once the series length is known
  let len = 0;
  for (const l of s.labels) {
    const labelLen = measureLabel(l);
    len += 1 + varint32Length(labelLen) + labelLen;
  }
  for (const sample of s.samples) {
    const sampleLen = measureSample(sample);
    len += 1 + varint32Length(sampleLen) + sampleLen;
  }
  sizes[at] = len;
  return len;
}

function measureLabel(l: Label): number {
  const nameLen = utf8Length(l.name);
  const valueLen = utf8Length(l.value);
  const len =
    (nameLen > 0 ? 1 + varint32Length(nameLen) + nameLen : 0) +
    (valueLen > 0 ? 1 + varint32Length(valueLen) + valueLen : 0);
  pushSize(len);
  pushSize(nameLen);
  pushSize(valueLen);
  return len;
}

function measureSample(sample: Sample): number {
  const t = sample.t;
  if (!Number.isSafeInteger(t)) {
    throw new InvalidInputError(
      `cannot encode remote_write protobuf: timestamp ${t} is not a safe integer of milliseconds`,
    );
  }
  let len = hasValue(sample.v) ? 9 : 0;
  if (t !== 0) len += 1 + int64Length(t);
  return len;
}

/** proto3 omits a double only when it is +0; -0 and every NaN are written. */
function hasValue(v: number): boolean {
  return v !== 0 || 1 / v < 0;
}

function int64Length(t: number): number {
  if (t < 0) return 10; // two's complement: the sign bit sits in the 10th byte
  let n = 1;
  for (let rest = t; rest >= 128; rest = Math.floor(rest / 128)) n++;
  return n;
}

function writeString(out: Uint8Array, pos: number, tag: number, s: string, byteLen: number): number {
  out[pos++] = tag;
  pos = writeVarint32(out, pos, byteLen);
  return writeUtf8(out, pos, s, byteLen);
}

function writeSample(out: Uint8Array, view: DataView, pos: number, sample: Sample): number {
  const { t, v } = sample;
  const withValue = hasValue(v);
  out[pos++] = TAG_SERIES_SAMPLE;
  out[pos++] = (withValue ? 9 : 0) + (t !== 0 ? 1 + int64Length(t) : 0); // at most 20: one byte
  if (withValue) {
    out[pos++] = TAG_SAMPLE_VALUE;
    view.setFloat64(pos, v, true);
    pos += 8;
  }
  if (t !== 0) {
    out[pos++] = TAG_SAMPLE_TIMESTAMP;
    pos = writeInt64(out, pos, t);
  }
  return pos;
}

/** Writes a safe integer as a two's-complement int64 varint (protobuf `int64`). */
function writeInt64(out: Uint8Array, pos: number, t: number): number {
  let lo: number;
  let hi: number;
  if (t >= 0) {
    lo = t >>> 0;
    hi = (t - lo) / TWO_32;
  } else {
    const magnitude = -t;
    const mlo = magnitude >>> 0;
    const mhi = (magnitude - mlo) / TWO_32;
    lo = (~mlo + 1) >>> 0;
    hi = (~mhi + (lo === 0 ? 1 : 0)) >>> 0;
  }
  while (hi !== 0) {
    out[pos++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  while (lo > 0x7f) {
    out[pos++] = (lo & 0x7f) | 0x80;
    lo >>>= 7;
  }
  out[pos++] = lo;
  return pos;
}

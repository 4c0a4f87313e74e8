import type { Label, Sample } from '@seahawks/model';
import type { DecodedWriteRequest, RemoteWriteSeries, SkippedParts } from './types.js';
import { WIRE_BYTES, WIRE_FIXED64, WIRE_VARINT, WireReader } from './wire-reader.js';

// Tags are (field << 3) | wire type; the hot loops compare whole one-byte tags.
const TAG_WRITE_TIMESERIES = 0x0a; // WriteRequest.timeseries = 1, bytes
const TAG_WRITE_METADATA = 0x1a; // WriteRequest.metadata = 3, bytes
const TAG_SERIES_LABEL = 0x0a; // TimeSeries.labels = 1, bytes
const TAG_SERIES_SAMPLE = 0x12; // TimeSeries.samples = 2, bytes
const TAG_SERIES_EXEMPLAR = 0x1a; // TimeSeries.exemplars = 3, bytes
const TAG_SERIES_HISTOGRAM = 0x22; // TimeSeries.histograms = 4, bytes
const TAG_LABEL_NAME = 0x0a; // Label.name = 1, string
const TAG_LABEL_VALUE = 0x12; // Label.value = 2, string
const TAG_SAMPLE_VALUE = 0x09; // Sample.value = 1, double
const TAG_SAMPLE_TIMESTAMP = 0x10; // Sample.timestamp = 2, int64

/**
 * Decodes a Prometheus remote_write 1.0 `WriteRequest` (the protobuf, already un-snappied).
 * Float samples come back bit-exact (the staleness NaN included) with `t` in milliseconds;
 * exemplars, native histograms and metadata are skipped and counted in `skipped`. Labels are
 * returned as sent: checking names, order and duplicates is the receiver's job.
 *
 * Throws `InvalidInputError` ("cannot decode remote_write protobuf: … at byte N") for anything
 * malformed: truncated or overlong varints, lengths past their enclosing message, wrong wire types
 * for known fields, invalid UTF-8, timestamps that are not exact in a double (|t| >= 2^53).
 * Runs in time linear in the input and never throws anything else.
 */
export function decodeWriteRequest(bytes: Uint8Array): DecodedWriteRequest {
  const r = new WireReader(bytes);
  const end = bytes.length;
  const series: RemoteWriteSeries[] = [];
  const skipped: SkippedParts = { exemplars: 0, histograms: 0, metadata: 0 };
  forEachTimeSeries(r, end, skipped, (seriesEnd) => series.push(readSeries(r, seriesEnd, skipped)));
  return { series, skipped };
}

/**
 * Walks a `WriteRequest`'s fields up to `end`: calls `onSeries` with the end of each `TimeSeries`
 * (the reader at its start; it must leave the reader there), counts metadata in `skipped`, and
 * skips unknown fields (known field numbers must come with their wire type).
 */
export function forEachTimeSeries(
  r: WireReader,
  end: number,
  skipped: SkippedParts,
  onSeries: (seriesEnd: number) => void,
): void {
  while (r.pos < end) {
    const tagStart = r.pos;
    const tag = r.uint(end);
    if (tag === TAG_WRITE_TIMESERIES) {
      onSeries(r.lengthEnd(end));
    } else if (tag === TAG_WRITE_METADATA) {
      r.pos = r.lengthEnd(end);
      skipped.metadata++;
    } else {
      const field = Math.floor(tag / 8);
      r.skip(tag, tagStart, end, field === 1 || field === 3, WIRE_BYTES);
    }
  }
}

function readSeries(r: WireReader, end: number, skipped: SkippedParts): RemoteWriteSeries {
  const labels: Label[] = [];
  const samples: Sample[] = [];
  while (r.pos < end) {
    const tagStart = r.pos;
    const tag = r.uint(end);
    switch (tag) {
      case TAG_SERIES_LABEL:
        labels.push(readLabel(r, r.lengthEnd(end)));
        break;
      case TAG_SERIES_SAMPLE:
        samples.push(readSample(r, r.lengthEnd(end)));
        break;
      default:
        skipSeriesField(r, tag, tagStart, end, skipped);
    }
  }
  return { labels, samples };
}

/**
 * Steps over a `TimeSeries` field that is neither a label nor a sample (shared with the
 * columnar decoder): exemplars and native histograms are counted in `skipped`; an unknown field
 * is skipped by its wire type, and a known field number with the wrong wire type refused.
 */
export function skipSeriesField(
  r: WireReader,
  tag: number,
  tagStart: number,
  end: number,
  skipped: SkippedParts,
): void {
  switch (tag) {
    case TAG_SERIES_EXEMPLAR:
      r.pos = r.lengthEnd(end);
      skipped.exemplars++;
      break;
    case TAG_SERIES_HISTOGRAM:
      r.pos = r.lengthEnd(end);
      skipped.histograms++;
      break;
    default: {
      const field = Math.floor(tag / 8);
      r.skip(tag, tagStart, end, field >= 1 && field <= 4, WIRE_BYTES);
    }
  }
}

/** Reads one `Label` message ending at `end` (shared with the columnar decoder). */
export function readLabel(r: WireReader, end: number): Label {
  // proto3: an absent field is the empty string; a repeated one is last-wins.
  let name = '';
  let value = '';
  while (r.pos < end) {
    const tagStart = r.pos;
    const tag = r.uint(end);
    if (tag === TAG_LABEL_NAME) name = r.string(end, 'label name');
    else if (tag === TAG_LABEL_VALUE) value = r.string(end, 'label value');
    else {
      const field = Math.floor(tag / 8);
      r.skip(tag, tagStart, end, field === 1 || field === 2, WIRE_BYTES);
    }
  }
  return { name, value };
}

function readSample(r: WireReader, end: number): Sample {
  let v = 0;
  let t = 0;
  while (r.pos < end) {
    const tagStart = r.pos;
    const tag = r.uint(end);
    if (tag === TAG_SAMPLE_VALUE) v = r.double(end);
    else if (tag === TAG_SAMPLE_TIMESTAMP) t = r.int64(end);
    else {
      const field = Math.floor(tag / 8);
      r.skip(tag, tagStart, end, field === 1 || field === 2, field === 1 ? WIRE_FIXED64 : WIRE_VARINT);
    }
  }
  return { t, v };
}

import type { Label } from '@seahawks/model';
import { forEachTimeSeries, readLabel, skipSeriesField } from './decode.js';
import type { SkippedParts } from './types.js';
import { WIRE_FIXED64, WIRE_VARINT, WireReader } from './wire-reader.js';

// The same one-byte tags as decode.ts; see there.
const TAG_SERIES_LABEL = 0x0a;
const TAG_SERIES_SAMPLE = 0x12;
const TAG_SAMPLE_VALUE = 0x09;
const TAG_SAMPLE_TIMESTAMP = 0x10;

/**
 * Label runs the caller has decoded before. A run is the bytes of a series' label fields, tags and
 * lengths included, when they are contiguous; the same bytes always decode to the same labels, so
 * a known run needs no decoding at all.
 */
export interface LabelRunLookup {
  /** The caller's reference for `buf[start, end)` when it saw these very bytes before, else -1. */
  find(buf: Uint8Array, start: number, end: number): number;
}

/**
 * A WriteRequest decoded into columns: no object per sample, and no label objects for series whose
 * label run the lookup knew. Samples of series `i` are at `[offsets[i], offsets[i + 1])`.
 */
export interface ColumnarWriteRequest {
  readonly seriesCount: number;
  readonly sampleCount: number;
  /** Per series: the lookup's reference for its label run, or -1 (then `labels[i]` is set). */
  readonly refs: Int32Array;
  /** Per series: its labels as sent when `refs[i]` is -1, else undefined. */
  readonly labels: (Label[] | undefined)[];
  /**
   * Per series `2i, 2i + 1`: the byte range of its label run in `raw` when it had exactly one
   * (so it can be remembered), else -1, -1.
   */
  readonly runs: Int32Array;
  readonly offsets: Uint32Array;
  /** Timestamps, ms; exact integers (|t| < 2^53). */
  readonly t: Float64Array;
  /** Values, their bits copied from the wire (the staleness NaN stays bit-exact). */
  readonly v: Float64Array;
  readonly skipped: SkippedParts;
  /** The protobuf the ranges in `runs` refer to. */
  readonly raw: Uint8Array;
}

/** Growable columns; values are written as two 32-bit words so no float conversion touches them. */
class Columns {
  count = 0;
  t: Float64Array;
  words: Uint32Array;

  constructor(capacity: number) {
    this.t = new Float64Array(capacity);
    this.words = new Uint32Array(capacity * 2);
  }

  push(t: number, lo: number, hi: number): void {
    if (this.count === this.t.length) this.grow();
    const i = this.count++;
    this.t[i] = t;
    this.words[2 * i] = lo;
    this.words[2 * i + 1] = hi;
  }

  private grow(): void {
    const t = new Float64Array(this.t.length * 2);
    t.set(this.t);
    const words = new Uint32Array(this.words.length * 2);
    words.set(this.words);
    this.t = t;
    this.words = words;
  }
}

/** Growable per-series arrays. */
class SeriesColumns {
  count = 0;
  refs: Int32Array;
  runs: Int32Array;
  offsets: Uint32Array;
  readonly labels: (Label[] | undefined)[] = [];

  constructor(capacity: number) {
    this.refs = new Int32Array(capacity);
    this.runs = new Int32Array(capacity * 2);
    this.offsets = new Uint32Array(capacity + 1);
  }

  push(ref: number, labels: Label[] | undefined, runStart: number, runEnd: number, sampleEnd: number): void {
    if (this.count === this.refs.length) this.grow();
    const i = this.count++;
    this.refs[i] = ref;
    this.runs[2 * i] = runStart;
    this.runs[2 * i + 1] = runEnd;
    this.offsets[i + 1] = sampleEnd;
    this.labels.push(labels);
  }

  private grow(): void {
    const refs = new Int32Array(this.refs.length * 2);
    refs.set(this.refs);
    const runs = new Int32Array(this.runs.length * 2);
    runs.set(this.runs);
    const offsets = new Uint32Array(this.refs.length * 2 + 1);
    offsets.set(this.offsets);
    this.refs = refs;
    this.runs = runs;
    this.offsets = offsets;
  }
}

/**
 * Decodes a remote_write 1.0 `WriteRequest` like `decodeWriteRequest` — the same samples, bit for
 * bit, the same labels, the same errors with the same messages for the same input — into columns,
 * skipping the decoding of label runs that `lookup` knows. Arrays are trimmed to their length, so
 * their buffers can be transferred whole.
 */
export function decodeWriteRequestColumns(raw: Uint8Array, lookup: LabelRunLookup): ColumnarWriteRequest {
  const r = new WireReader(raw);
  const end = raw.length;
  // Node exporter's samples take ~18 bytes on the wire and a series ~100: start near the need.
  const samples = new Columns(Math.max(16, raw.length >>> 4));
  const series = new SeriesColumns(Math.max(4, raw.length >>> 6));
  const skipped: SkippedParts = { exemplars: 0, histograms: 0, metadata: 0 };
  forEachTimeSeries(r, end, skipped, (seriesEnd) =>
    readSeries(r, seriesEnd, lookup, samples, series, skipped),
  );
  const n = series.count;
  const m = samples.count;
  return {
    seriesCount: n,
    sampleCount: m,
    refs: series.refs.slice(0, n),
    labels: series.labels,
    runs: series.runs.slice(0, 2 * n),
    offsets: series.offsets.slice(0, n + 1),
    t: samples.t.slice(0, m),
    v: new Float64Array(samples.words.slice(0, 2 * m).buffer),
    skipped,
    raw,
  };
}

function readSeries(
  r: WireReader,
  end: number,
  lookup: LabelRunLookup,
  samples: Columns,
  series: SeriesColumns,
  skipped: SkippedParts,
): void {
  let labels: Label[] | undefined;
  let ref = -1;
  let runStart = -1;
  let runEnd = -1;
  let runs = 0;
  while (r.pos < end) {
    const tagStart = r.pos;
    const tag = r.uint(end);
    switch (tag) {
      case TAG_SERIES_LABEL: {
        runs++;
        if (runs === 1) {
          const scanned = scanRun(r, end);
          ref = scanned ? lookup.find(r.buf, tagStart, r.pos) : -1;
          if (ref >= 0) {
            runStart = tagStart;
            runEnd = r.pos;
            break;
          }
          // Unknown or malformed: decode it field by field, which also fails exactly where and
          // how `decodeWriteRequest` would.
          r.pos = tagStart;
          r.uint(end);
          labels = [];
          readRun(r, end, labels);
          runStart = tagStart;
          runEnd = r.pos;
        } else {
          // A second run: the label bytes are not contiguous, so this series is not remembered.
          labels ??= decodeKnownRun(r.buf, runStart, runEnd);
          ref = -1;
          readRun(r, end, labels);
        }
        break;
      }
      case TAG_SERIES_SAMPLE:
        readSample(r, r.lengthEnd(end), samples);
        break;
      default:
        skipSeriesField(r, tag, tagStart, end, skipped);
    }
  }
  if (runs !== 1) {
    runStart = -1;
    runEnd = -1;
  }
  if (ref < 0) labels ??= [];
  series.push(ref, ref < 0 ? labels : undefined, runStart, runEnd, samples.count);
}

/**
 * Walks the run of label fields whose first tag was just read, checking only tags and lengths;
 * leaves `r.pos` after the run. False when it is malformed (the caller decodes it properly).
 */
function scanRun(r: WireReader, end: number): boolean {
  try {
    r.pos = r.lengthEnd(end);
    while (r.pos < end) {
      const at = r.pos;
      if (r.uint(end) !== TAG_SERIES_LABEL) {
        r.pos = at;
        break;
      }
      r.pos = r.lengthEnd(end);
    }
    return true;
  } catch {
    // Deliberately not reported here: the full decoding that follows throws the precise error.
    return false;
  }
}

/** Decodes the run of label fields whose first tag was just read, leaving `r.pos` after it. */
function readRun(r: WireReader, end: number, into: Label[]): void {
  into.push(readLabel(r, r.lengthEnd(end)));
  while (r.pos < end) {
    const at = r.pos;
    if (r.uint(end) !== TAG_SERIES_LABEL) {
      r.pos = at;
      return;
    }
    into.push(readLabel(r, r.lengthEnd(end)));
  }
}

/** Decodes a run that was scanned (or decoded) before; it cannot fail. */
export function decodeKnownRun(buf: Uint8Array, start: number, end: number): Label[] {
  const r = new WireReader(buf);
  r.pos = start;
  r.uint(end);
  const labels: Label[] = [];
  readRun(r, end, labels);
  return labels;
}

function readSample(r: WireReader, end: number, out: Columns): void {
  let lo = 0;
  let hi = 0;
  let t = 0;
  while (r.pos < end) {
    const tagStart = r.pos;
    const tag = r.uint(end);
    if (tag === TAG_SAMPLE_VALUE) {
      const pos = r.pos;
      if (end - pos < 8) r.fail(`truncated fixed64 at byte ${pos}`);
      lo = r.view.getUint32(pos, true);
      hi = r.view.getUint32(pos + 4, true);
      r.pos = pos + 8;
    } else if (tag === TAG_SAMPLE_TIMESTAMP) t = r.int64(end);
    else {
      const field = Math.floor(tag / 8);
      r.skip(tag, tagStart, end, field === 1 || field === 2, field === 1 ? WIRE_FIXED64 : WIRE_VARINT);
    }
  }
  out.push(t, lo, hi);
}

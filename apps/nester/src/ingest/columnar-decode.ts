import { InvalidInputError } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import { decodeKnownRun, decodeWriteRequestColumns, snappyUncompress } from '@seahawks/protocol';
import type { LabelRunCache } from './label-run-cache.js';
import { firstUnsafeTimestamp, validateSeries } from './validate.js';
import type { WriterIdentity } from './validate.js';

/**
 * A remote_write request decoded and checked, in columns, as a decoder thread hands it to the
 * main thread (every array transferable). Series `i` is `refs[i]` of the cache of the thread that
 * decoded it: known to the main thread when `isNew[i]` is 0 and `refs[i] >= 0`; new, or not to be
 * remembered (`refs[i]` -1), otherwise, and then its stored labels are the next entry of
 * `freshLabels`: a count, then that many (name, value) pairs of string ids. String ids index the
 * thread's string table, which grows by `newStrings` with each message (both start over with the
 * epoch), so every label string crosses once and is shared by all series on the main thread.
 */
export interface DecodedColumns {
  readonly epoch: number;
  readonly refs: Int32Array;
  readonly isNew: Uint8Array;
  readonly newStrings: string[];
  readonly freshLabels: Uint32Array;
  readonly offsets: Uint32Array;
  readonly t: Float64Array;
  readonly v: Float64Array;
}

/** Checks of the envelope; the same messages as the synchronous path (`ingestRemoteWrite`). */
export function checkEnvelope(body: Uint8Array, contentEncoding: string | undefined): void {
  if (body.length === 0) throw new InvalidInputError('cannot decode remote_write request: empty body');
  if (contentEncoding !== undefined && contentEncoding.toLowerCase() !== 'snappy') {
    throw new InvalidInputError(
      `cannot decode remote_write request: unsupported Content-Encoding "${contentEncoding}" (want snappy)`,
    );
  }
}

/** The cache key of a writer: its instance and team decide what its series are stored as. */
export function writerKey(writer: WriterIdentity | undefined): string {
  if (writer === undefined) return '';
  return `${writer.instance}\u0000${writer.team === undefined ? '\u0001' : `=${writer.team}`}`;
}

/**
 * Uncompresses, decodes and checks one remote_write body as `ingestRemoteWrite` does — the same
 * errors with the same messages, in the same order — without the label decoding and checks of a
 * series whose exact label bytes this writer sent before. Remembers the new ones only once the
 * whole request passed.
 */
export function decodeRemoteWriteColumns(
  body: Uint8Array,
  contentEncoding: string | undefined,
  maxDecodedBytes: number,
  writer: WriterIdentity | undefined,
  cache: LabelRunCache,
): DecodedColumns {
  checkEnvelope(body, contentEncoding);
  cache.trim();
  const runs = cache.forWriter(writerKey(writer));
  const raw = snappyUncompress(body, maxDecodedBytes);
  runs.begin();
  const req = decodeWriteRequestColumns(raw, runs);
  const n = req.seriesCount;
  const stored: (Labels | undefined)[] = new Array<Labels | undefined>(n);
  for (let i = 0; i < n; i++) {
    const range = { t: req.t, from: req.offsets[i]!, to: req.offsets[i + 1]! };
    const labels = req.labels[i];
    if (labels !== undefined) {
      stored[i] = validateSeries(labels, range, i, writer);
    } else if (firstUnsafeTimestamp(range) !== undefined) {
      // Cannot happen for decoded input (the decoder refuses inexact timestamps); kept so the
      // message stays the one the synchronous path gives.
      validateSeries(decodeKnownRun(raw, req.runs[2 * i]!, req.runs[2 * i + 1]!), range, i, writer);
    }
  }
  const refs = req.refs;
  const isNew = new Uint8Array(n);
  const fresh: number[] = [];
  for (let i = 0; i < n; i++) {
    const labels = stored[i];
    if (labels === undefined) continue;
    const start = req.runs[2 * i]!;
    if (start >= 0) {
      const { ref, isNew: added } = runs.add(raw, start, req.runs[2 * i + 1]!);
      refs[i] = ref;
      if (!added) continue;
      isNew[i] = 1;
    }
    fresh.push(labels.length);
    for (const l of labels) fresh.push(cache.stringId(l.name), cache.stringId(l.value));
  }
  runs.learnOrder(refs);
  return {
    epoch: cache.epoch,
    refs,
    isNew,
    newStrings: cache.takeNewStrings(),
    freshLabels: Uint32Array.from(fresh),
    offsets: req.offsets,
    t: req.t,
    v: req.v,
  };
}

/** The buffers of a `DecodedColumns` to transfer rather than copy. */
export function columnsTransfer(c: DecodedColumns): ArrayBuffer[] {
  return [
    c.refs.buffer,
    c.isNew.buffer,
    c.freshLabels.buffer,
    c.offsets.buffer,
    c.t.buffer,
    c.v.buffer,
  ] as ArrayBuffer[];
}

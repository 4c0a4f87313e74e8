import { InvalidInputError } from '@seahawks/model';
import { decodeWriteRequest, snappyUncompress } from '@seahawks/protocol';
import type { Appender, AppendResult, ColumnarBatch, SeriesSamples } from '../storage/index.js';
import { checkEnvelope } from './columnar-decode.js';
import type { DecodePool } from './decode-pool.js';
import { validateWriteRequest } from './validate.js';
import type { WriterIdentity } from './validate.js';

export interface RemoteWriteLimits {
  /** Largest uncompressed protobuf accepted, bytes. */
  readonly maxDecodedBytes: number;
}

export interface RemoteWriteOutcome {
  readonly series: number;
  readonly samples: number;
  readonly result: AppendResult;
}

/**
 * Decodes one Prometheus remote_write 1.0 request (snappy block + protobuf WriteRequest),
 * checks it whole, and appends it. Resolves only once the samples are durable, so the caller may
 * acknowledge. Throws `InvalidInputError` for anything the sender must not retry (answer 400),
 * and lets storage errors through (answer 5xx: the sender retries).
 *
 * `instance` is the harvester's name when a harvester speaks: its series are pinned to it.
 * The server takes the threaded path (`ingestRemoteWriteColumns`); this one, on the calling
 * thread, is what the tests hold that path to.
 */
export async function ingestRemoteWrite(
  body: Uint8Array,
  contentEncoding: string | undefined,
  appender: Appender,
  limits: RemoteWriteLimits,
  writer: WriterIdentity | undefined,
): Promise<RemoteWriteOutcome> {
  checkEnvelope(body, contentEncoding);
  const raw = snappyUncompress(body, limits.maxDecodedBytes);
  const request = decodeWriteRequest(raw);
  const series = validateWriteRequest(request.series, writer);
  let samples = 0;
  for (const s of series) samples += s.samples.length;
  const result =
    samples === 0 ? { accepted: 0, rejected: {}, firstError: undefined } : await appender.append(series);
  return { series: series.length, samples, result };
}

/**
 * `ingestRemoteWrite` with the decoding on the pool's threads and the append in columns when the
 * engine has `appendColumns`: the same outcome, errors and messages, the same durability.
 */
export async function ingestRemoteWriteColumns(
  pool: DecodePool,
  body: Uint8Array,
  contentEncoding: string | undefined,
  appender: Appender,
  limits: RemoteWriteLimits,
  writer: WriterIdentity | undefined,
): Promise<RemoteWriteOutcome> {
  // Checked here too so that nothing is posted to a thread for a request refused at once.
  if (body.length === 0) throw new InvalidInputError('cannot decode remote_write request: empty body');
  const batch = await pool.decode(body, contentEncoding, limits.maxDecodedBytes, writer);
  const series = batch.series.length;
  const samples = batch.offsets[series]!;
  if (samples === 0) return { series, samples, result: { accepted: 0, rejected: {}, firstError: undefined } };
  const result =
    appender.appendColumns !== undefined
      ? await appender.appendColumns(batch)
      : await appender.append(toSeriesSamples(batch));
  return { series, samples, result };
}

/** A columnar batch as sample objects, for engines without `appendColumns`. */
export function toSeriesSamples(batch: ColumnarBatch): SeriesSamples[] {
  const { offsets, t, v } = batch;
  return batch.series.map((handle, i) => {
    const samples = [];
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) samples.push({ t: t[j]!, v: v[j]! });
    return { labels: handle.labels, samples };
  });
}

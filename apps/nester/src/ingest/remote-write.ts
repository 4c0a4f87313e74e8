import { InvalidInputError } from '@seahawks/model';
import { decodeWriteRequest, snappyUncompress } from '@seahawks/protocol';
import type { Appender, AppendResult } from '../storage/index.js';
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
 */
export async function ingestRemoteWrite(
  body: Uint8Array,
  contentEncoding: string | undefined,
  appender: Appender,
  limits: RemoteWriteLimits,
  writer: WriterIdentity | undefined,
): Promise<RemoteWriteOutcome> {
  if (body.length === 0) throw new InvalidInputError('cannot decode remote_write request: empty body');
  if (contentEncoding !== undefined && contentEncoding.toLowerCase() !== 'snappy') {
    throw new InvalidInputError(
      `cannot decode remote_write request: unsupported Content-Encoding "${contentEncoding}" (want snappy)`,
    );
  }
  const raw = snappyUncompress(body, limits.maxDecodedBytes);
  const request = decodeWriteRequest(raw);
  const series = validateWriteRequest(request.series, writer);
  let samples = 0;
  for (const s of series) samples += s.samples.length;
  const result =
    samples === 0 ? { accepted: 0, rejected: {}, firstError: undefined } : await appender.append(series);
  return { series: series.length, samples, result };
}

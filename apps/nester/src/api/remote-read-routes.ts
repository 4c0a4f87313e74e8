import type { FastifyInstance } from 'fastify';
import { InvalidInputError } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import { decodeReadRequest, encodeReadResponse, snappyCompress, snappyUncompress } from '@seahawks/protocol';
import { can } from '../auth/roles.js';
import type { Querier, SeriesSamples } from '../storage/index.js';
import type { AppDeps } from './deps.js';
import { scopedServices } from './scoped.js';
import { classifyError } from './errors.js';

/** Prometheus' limit on a decoded remote_read request (storage/remote's decodeReadLimit). */
const MAX_READ_REQUEST_BYTES = 32 * 1024 * 1024;

/**
 * Prometheus remote_read at `POST /api/v1/read`: a snappy-compressed protobuf `ReadRequest` in,
 * a snappy-compressed `ReadResponse` of the SAMPLES type out (`Content-Type:
 * application/x-protobuf`, `Content-Encoding: snappy`). Clients that would prefer streamed XOR
 * chunks get samples too, as from Prometheus before 2.13; they tell the two apart by the content
 * type. Errors are plain text: 400 for a bad request or too many samples, 5xx when storage fails.
 */
export function registerRemoteReadRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/v1/read', async (req, reply) => {
    const p = req.principal;
    if (!p || !can(p, 'read')) {
      return reply.code(403).type('text/plain').send('cannot read metrics: not allowed for this principal');
    }
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const answer = await answerRemoteRead(
        body,
        req.headers['content-encoding'],
        scopedServices(deps, p).querier,
        {
          maxSamples: deps.config.query.maxSamples,
        },
      );
      return reply
        .code(200)
        .header('content-type', 'application/x-protobuf')
        .header('content-encoding', 'snappy')
        .send(Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength));
    } catch (err) {
      const c = classifyError(err);
      if (c.internal) deps.logger.error({ err }, c.message);
      return reply.code(c.status).type('text/plain').send(c.message);
    }
  });
}

export interface RemoteReadLimits {
  /** Most samples one request may return, over all its queries (Prometheus' sample limit). */
  readonly maxSamples: number;
}

/**
 * Answers one remote_read request through the `Querier`: each query's series with their samples
 * in `[start, end]` (both inclusive), sorted by labels, staleness markers included. Throws
 * `InvalidInputError` for a malformed request or more than `maxSamples` samples.
 */
export async function answerRemoteRead(
  body: Uint8Array,
  contentEncoding: string | undefined,
  querier: Querier,
  limits: RemoteReadLimits,
): Promise<Uint8Array> {
  if (body.length === 0) throw new InvalidInputError('cannot decode remote_read request: empty body');
  if (contentEncoding !== undefined && contentEncoding.toLowerCase() !== 'snappy') {
    throw new InvalidInputError(
      `cannot decode remote_read request: unsupported Content-Encoding "${contentEncoding}" (want snappy)`,
    );
  }
  const request = decodeReadRequest(snappyUncompress(body, MAX_READ_REQUEST_BYTES));
  const results: SeriesSamples[][] = [];
  let samples = 0;
  for (const q of request.queries) {
    const series: SeriesSamples[] = [];
    for await (const s of querier.select(q.matchers, { minT: q.startMs, maxT: q.endMs })) {
      samples += s.samples.length;
      if (samples > limits.maxSamples) {
        throw new InvalidInputError(`exceeded sample limit (${limits.maxSamples})`);
      }
      series.push(s);
    }
    results.push(series.sort((a, b) => compareLabels(a.labels, b.labels)));
  }
  return snappyCompress(encodeReadResponse(results));
}

/** Orders label sets as Prometheus' labels.Compare: pair by pair, names then values. */
function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    if (x.value !== y.value) return x.value < y.value ? -1 : 1;
  }
  return a.length - b.length;
}

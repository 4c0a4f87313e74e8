import type { Matcher } from '@seahawks/model';
import type { RemoteWriteSeries, RemoteWriteSeriesInput } from '../remote-write/types.js';

/**
 * `prometheus.ReadRequest.ResponseType`: how a remote_read client would like its answer.
 * `SAMPLES` (0) is one snappy block holding a `ReadResponse`; `STREAMED_XOR_CHUNKS` (1) is the
 * chunked stream of Prometheus 2.13+. Unknown values are kept as numbers.
 */
export const READ_RESPONSE_SAMPLES = 0;
export const READ_RESPONSE_STREAMED_XOR_CHUNKS = 1;

/**
 * One `prometheus.Query` of a remote_read request. Times are milliseconds since the epoch,
 * inclusive on both ends; the wire's int64 extremes are clamped to ±(2^53−1) so they stay exact.
 * `ReadHints` are recognised and ignored.
 */
export interface ReadQuery {
  startMs: number;
  endMs: number;
  matchers: Matcher[];
}

/** A decoded `prometheus.ReadRequest`. */
export interface DecodedReadRequest {
  queries: ReadQuery[];
  /** `accepted_response_types` in the order sent; empty means "samples" (clients before 2.13). */
  acceptedResponseTypes: number[];
}

/** What `encodeReadRequest` accepts (clients and tests). */
export interface ReadQueryInput {
  readonly startMs: number;
  readonly endMs: number;
  readonly matchers: readonly Matcher[];
}

/** One `prometheus.QueryResult`: the series answering one query, in the order given. */
export type ReadResultInput = readonly RemoteWriteSeriesInput[];

/** A decoded `prometheus.ReadResponse`: one list of series per query, in query order. */
export interface DecodedReadResponse {
  results: RemoteWriteSeries[][];
}

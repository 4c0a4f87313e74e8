/** The Prometheus-compatible range query of the nester (`/api/v1/query_range`). */
import { ApiError, apiRequest } from './api-client';

/** One series of a range query result: its labels and its samples as [unix seconds, value]. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: Array<[number, number]>;
}

/** A range query as the chart asks for it; `start`/`end` are unix seconds, `step` seconds. */
export interface RangeQuery {
  query: string;
  start: number;
  end: number;
  step: number;
}

/** A query the engine refused or failed, with the engine's own words. */
export class PromQueryError extends Error {
  override readonly name: string = 'PromQueryError';
  constructor(
    message: string,
    readonly errorType: string,
    readonly query: string,
  ) {
    super(message);
  }
}

interface PromEnvelope {
  status?: string;
  errorType?: string;
  error?: string;
  data?: {
    resultType?: string;
    result?: Array<{ metric?: Record<string, string>; values?: Array<[number, string]> }>;
  };
}

/** Runs a range query; rejects with PromQueryError when the engine answers with an error. */
export async function queryRange(q: RangeQuery, signal?: AbortSignal): Promise<RangeSeries[]> {
  const params = new URLSearchParams({
    query: q.query,
    start: String(q.start),
    end: String(q.end),
    step: String(q.step),
  });
  let body: PromEnvelope;
  try {
    body = await apiRequest<PromEnvelope>(
      `/api/v1/query_range?${params.toString()}`,
      signal ? { signal } : {},
    );
  } catch (error) {
    if (error instanceof ApiError && isPromError(error.body)) throw toQueryError(error.body, q.query);
    throw error;
  }
  if (body?.status !== 'success') throw toQueryError(body ?? {}, q.query);
  const resultType = body.data?.resultType;
  if (resultType !== 'matrix') {
    throw new PromQueryError(
      `expected a matrix result, got ${resultType ?? 'nothing'}`,
      'bad_response',
      q.query,
    );
  }
  return (body.data?.result ?? []).map((r) => ({
    metric: r.metric ?? {},
    values: (r.values ?? []).map(([t, v]): [number, number] => [Number(t), parseSampleValue(v)]),
  }));
}

/** Prometheus sends values as strings, including "NaN", "+Inf" and "-Inf". */
export function parseSampleValue(text: string): number {
  switch (text) {
    case '+Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return Number(text);
  }
}

/** An instant query's answer, by result type; sample values parsed as in `parseSampleValue`. */
export type InstantResult =
  | { resultType: 'vector'; result: Array<{ metric: Record<string, string>; value: [number, number] }> }
  | { resultType: 'matrix'; result: RangeSeries[] }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

interface InstantEnvelope extends Omit<PromEnvelope, 'data'> {
  data?: { resultType?: string; result?: unknown };
  warnings?: string[];
}

/** Runs an instant query at `time` (unix seconds); rejects with PromQueryError on an engine error. */
export async function queryInstant(
  query: string,
  time: number,
  signal?: AbortSignal,
): Promise<InstantResult & { warnings: string[] }> {
  const params = new URLSearchParams({ query, time: String(time) });
  let body: InstantEnvelope;
  try {
    body = await apiRequest<InstantEnvelope>(`/api/v1/query?${params.toString()}`, signal ? { signal } : {});
  } catch (error) {
    if (error instanceof ApiError && isPromError(error.body)) throw toQueryError(error.body, query);
    throw error;
  }
  if (body?.status !== 'success')
    throw toQueryError({ errorType: body?.errorType, error: body?.error }, query);
  const warnings = body.warnings ?? [];
  const data = body.data ?? {};
  switch (data.resultType) {
    case 'vector': {
      const rows = (data.result ?? []) as Array<{ metric?: Record<string, string>; value: [number, string] }>;
      return {
        resultType: 'vector',
        warnings,
        result: rows.map((r) => ({
          metric: r.metric ?? {},
          value: [Number(r.value[0]), parseSampleValue(r.value[1])],
        })),
      };
    }
    case 'matrix': {
      const rows = (data.result ?? []) as Array<{
        metric?: Record<string, string>;
        values?: Array<[number, string]>;
      }>;
      return {
        resultType: 'matrix',
        warnings,
        result: rows.map((r) => ({
          metric: r.metric ?? {},
          values: (r.values ?? []).map(([t, v]): [number, number] => [Number(t), parseSampleValue(v)]),
        })),
      };
    }
    case 'scalar':
    case 'string':
      return { resultType: data.resultType, warnings, result: data.result as [number, string] };
    default:
      throw new PromQueryError(`unexpected result type ${String(data.resultType)}`, 'bad_response', query);
  }
}

function isPromError(body: unknown): body is PromEnvelope {
  return typeof body === 'object' && body !== null && (body as PromEnvelope).status === 'error';
}

function toQueryError(body: Pick<PromEnvelope, 'errorType' | 'error'>, query: string): PromQueryError {
  const type = body.errorType ?? 'unknown';
  return new PromQueryError(body.error ?? `query failed (${type})`, type, query);
}

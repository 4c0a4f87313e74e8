/** A Prometheus HTTP API to query: Prometheus itself or the nester. */
export interface QueryTarget {
  readonly name: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type ResultType = 'vector' | 'matrix' | 'scalar' | 'string';

export interface VectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export interface MatrixSeries {
  readonly metric: Record<string, string>;
  readonly values: Array<[number, string]>;
}

/** The answer of one query, success or error, as the envelope says. */
export type QueryOutcome =
  | { readonly ok: true; readonly resultType: ResultType; readonly result: unknown }
  | { readonly ok: false; readonly status: number; readonly errorType: string; readonly error: string };

/** An instant query at `timeMs` (sent as seconds with millisecond precision). */
export function instantQuery(target: QueryTarget, expr: string, timeMs: number): Promise<QueryOutcome> {
  return get(target, '/api/v1/query', { query: expr, time: seconds(timeMs) });
}

/** A range query over [startMs, endMs] with `stepMs` between points. */
export function rangeQuery(
  target: QueryTarget,
  expr: string,
  startMs: number,
  endMs: number,
  stepMs: number,
): Promise<QueryOutcome> {
  return get(target, '/api/v1/query_range', {
    query: expr,
    start: seconds(startMs),
    end: seconds(endMs),
    step: seconds(stepMs),
  });
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

async function get(target: QueryTarget, path: string, params: Record<string, string>): Promise<QueryOutcome> {
  const url = `${target.url}${path}?${new URLSearchParams(params).toString()}`;
  const res = await fetch(url, { headers: { ...target.headers }, signal: AbortSignal.timeout(120_000) });
  const text = await res.text();
  let body: {
    status?: string;
    data?: { resultType: ResultType; result: unknown };
    errorType?: string;
    error?: string;
  };
  try {
    body = JSON.parse(text) as typeof body;
  } catch (err) {
    throw new Error(
      `cannot parse the answer of ${target.name} to ${path}: HTTP ${res.status}: ${text.slice(0, 300)}`,
      {
        cause: err,
      },
    );
  }
  if (body.status === 'success' && body.data) {
    return { ok: true, resultType: body.data.resultType, result: body.data.result };
  }
  return {
    ok: false,
    status: res.status,
    errorType: body.errorType ?? '',
    error: body.error ?? text.slice(0, 300),
  };
}

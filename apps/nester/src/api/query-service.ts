/** A result in the Prometheus HTTP API's `data` shape (values already formatted as strings). */
export type PromQueryData =
  | { resultType: 'scalar'; result: [number, string] }
  | { resultType: 'string'; result: [number, string] }
  | { resultType: 'vector'; result: Array<{ metric: Record<string, string>; value: [number, string] }> }
  | {
      resultType: 'matrix';
      result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
    };

/**
 * What the API needs from the PromQL engine. Times in milliseconds since the epoch.
 * Errors carry Prometheus' `errorType` (bad_data, execution, timeout, …).
 */
export interface QueryService {
  instant(query: string, timeMs: number): Promise<PromQueryAnswer>;
  range(query: string, startMs: number, endMs: number, stepMs: number): Promise<PromQueryAnswer>;
}

/** Data plus the annotations Prometheus puts beside it in the envelope. */
export type PromQueryAnswer = PromQueryData & {
  readonly warnings?: readonly string[];
  readonly infos?: readonly string[];
};

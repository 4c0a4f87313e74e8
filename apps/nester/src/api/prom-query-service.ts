import { labelsToRecord, parseDuration } from '@seahawks/model';
import type { NesterConfig } from '../config/index.js';
import { createQueryEngine } from '../query/index.js';
import type { QueryResult } from '../query/index.js';
import type { Querier } from '../storage/index.js';
import { formatPromTime, formatPromValue } from './prom-format.js';
import type { PromQueryData, QueryService } from './query-service.js';

/** The PromQL engine behind the HTTP API, answering in the Prometheus JSON `data` shape. */
export function createPromQueryService(querier: Querier, config: NesterConfig['query']): QueryService {
  const engine = createQueryEngine(querier, {
    lookbackDeltaMs: parseDuration(config.lookbackDelta),
    timeoutMs: parseDuration(config.timeout),
    maxSamples: config.maxSamples,
  });
  return {
    instant: async (query, timeMs) => toPromData(await engine.instantQuery(query, timeMs)),
    range: async (query, startMs, endMs, stepMs) =>
      toPromData(await engine.rangeQuery(query, startMs, endMs, stepMs)),
  };
}

/** Converts an engine result to Prometheus' JSON: seconds for times, strings for values. */
export function toPromData(
  r: QueryResult,
): PromQueryData & { warnings: readonly string[]; infos: readonly string[] } {
  const notes = { warnings: r.warnings, infos: r.infos };
  switch (r.resultType) {
    case 'scalar':
      return {
        resultType: 'scalar',
        result: [formatPromTime(r.value[0]), formatPromValue(r.value[1])],
        ...notes,
      };
    case 'string':
      return { resultType: 'string', result: [formatPromTime(r.value[0]), r.value[1]], ...notes };
    case 'vector':
      return {
        resultType: 'vector',
        result: r.result.map((e) => ({
          metric: labelsToRecord(e.labels),
          value: [formatPromTime(e.sample.t), formatPromValue(e.sample.v)],
        })),
        ...notes,
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: r.result.map((e) => ({
          metric: labelsToRecord(e.labels),
          values: e.samples.map((s) => [formatPromTime(s.t), formatPromValue(s.v)] as [number, string]),
        })),
        ...notes,
      };
  }
}

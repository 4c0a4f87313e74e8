import type { NesterConfig } from '../../config/index.js';
import { parseDuration } from '@seahawks/model';
import { createQueryEngine } from '../../query/index.js';
import type { Querier } from '../../storage/index.js';
import type { QueryFn } from './rule-context.js';
import { RuleEvalError } from './rule-errors.js';

/**
 * Rule expressions through the PromQL engine, with the API's lookback and limits: a vector as
 * it is, a scalar as one element without labels, anything else refused (Prometheus' `EngineQueryFunc`).
 */
export function engineQuery(querier: Querier, config: NesterConfig['query']): QueryFn {
  const engine = createQueryEngine(querier, {
    lookbackDeltaMs: parseDuration(config.lookbackDelta),
    timeoutMs: parseDuration(config.timeout),
    maxSamples: config.maxSamples,
  });
  return async (expr, ts) => {
    const r = await engine.instantQuery(expr, ts);
    switch (r.resultType) {
      case 'vector':
        return r.result.map((e) => ({ labels: e.labels, v: e.sample.v }));
      case 'scalar':
        return [{ labels: [], v: r.value[1] }];
      default:
        throw new RuleEvalError(`rule result is not a vector or scalar: ${r.resultType}`);
    }
  };
}

import type { FastifyInstance } from 'fastify';
import type { Matcher } from '@seahawks/model';
import {
  API_MAX_TIME_MS,
  API_MIN_TIME_MS,
  InvalidInputError,
  labelsToRecord,
  parseApiTime,
} from '@seahawks/model';
import { parseExpr } from '@seahawks/promql';
import type { TimeRange } from '../storage/index.js';
import type { AppDeps } from './deps.js';
import { scopedServices } from './scoped.js';
import { sendPromData, sendPromError } from './envelope.js';
import { promParams } from './params.js';
import { param } from './prom-query-routes.js';

/** When start/end are absent: all of time (the range of a JavaScript Date, in ms). */
export const MIN_TIME = API_MIN_TIME_MS;
export const MAX_TIME = API_MAX_TIME_MS;

/** `/api/v1/series`, `/api/v1/labels`, `/api/v1/label/<name>/values`. */
export function registerPromMetaRoutes(app: FastifyInstance, deps: AppDeps): void {
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/api/v1/series',
      handler: async (req, reply) => {
        try {
          const params = promParams(req);
          const selectors = parseMatchParams(params.get('match[]') ?? []);
          if (selectors.length === 0) throw new InvalidInputError('no match[] parameter provided');
          const range = timeRange(params);
          const seen = new Map<string, Record<string, string>>();
          for (const m of selectors) {
            for (const labels of await scopedServices(deps, req.principal!).querier.series(m, range)) {
              seen.set(JSON.stringify(labels), labelsToRecord(labels));
            }
          }
          return sendPromData(reply, [...seen.values()]);
        } catch (err) {
          return sendPromError(reply, err, deps);
        }
      },
    });
    app.route({
      method,
      url: '/api/v1/labels',
      handler: async (req, reply) => {
        try {
          const params = promParams(req);
          const range = timeRange(params);
          const sets = parseMatchParams(params.get('match[]') ?? []);
          const names = new Set<string>();
          for (const m of sets.length > 0 ? sets : [[]]) {
            for (const n of await scopedServices(deps, req.principal!).querier.labelNames(m, range))
              names.add(n);
          }
          return sendPromData(reply, [...names].sort());
        } catch (err) {
          return sendPromError(reply, err, deps);
        }
      },
    });
  }
  app.get<{ Params: { name: string } }>('/api/v1/label/:name/values', async (req, reply) => {
    try {
      const params = promParams(req);
      const range = timeRange(params);
      const sets = parseMatchParams(params.get('match[]') ?? []);
      const values = new Set<string>();
      for (const m of sets.length > 0 ? sets : [[]]) {
        for (const v of await scopedServices(deps, req.principal!).querier.labelValues(
          req.params.name,
          m,
          range,
        ))
          values.add(v);
      }
      return sendPromData(reply, [...values].sort());
    } catch (err) {
      return sendPromError(reply, err, deps);
    }
  });
}

/** The `start`/`end` parameters as an inclusive range; all of time where absent. */
export function timeRange(params: Map<string, string[]>): TimeRange {
  return {
    minT: param(params, 'start', parseApiTime) ?? MIN_TIME,
    maxT: param(params, 'end', parseApiTime) ?? MAX_TIME,
  };
}

/** Each `match[]` must be a plain series selector, as in Prometheus. */
export function parseMatchParams(texts: string[]): Matcher[][] {
  return texts.map((text) => {
    const expr = parseExpr(text);
    if (expr.type !== 'vectorSelector' || expr.offsetMs !== 0 || expr.at !== undefined) {
      throw new InvalidInputError(`invalid parameter "match[]": "${text}" is not a series selector`);
    }
    return [...expr.matchers];
  });
}

import type { FastifyInstance } from 'fastify';
import { InvalidInputError, METRIC_NAME, parseApiTime } from '@seahawks/model';
import { formatExpr, parseExpr } from '@seahawks/promql';
import type { Expr } from '@seahawks/promql';
import type { AppDeps } from './deps.js';
import { scopedServices } from './scoped.js';
import { sendPromData, sendPromError } from './envelope.js';
import { optionalParam, promParams } from './params.js';
import { MAX_TIME, MIN_TIME } from './prom-meta-routes.js';
import { param } from './prom-query-routes.js';

/** One entry of `/api/v1/metadata`, as Prometheus reports what a target said in `# TYPE`/`# HELP`. */
interface MetricMetadata {
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

/**
 * `/api/v1/metadata`, `/api/v1/query_exemplars` and `/api/v1/format_query`, with Prometheus'
 * parameters, envelope and messages.
 *
 * The nester stores no metadata yet (remote_write 1.0 metadata is skipped at ingest), so
 * `metadata` lists every metric name of the label index with type `unknown` and empty help and
 * unit: the shape Grafana parses, with nothing made up. Exemplars are not stored either, so
 * `query_exemplars` validates like Prometheus and answers an empty list.
 */
export function registerPromMetadataRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/v1/metadata', async (req, reply) => {
    try {
      const params = promParams(req);
      const limit = countParam(params, 'limit');
      countParam(params, 'limit_per_metric'); // one entry per metric: validated, never binding
      const metric = optionalParam(params, 'metric');
      const names = await scopedServices(deps, req.principal!).querier.labelValues(METRIC_NAME, [], {
        minT: MIN_TIME,
        maxT: MAX_TIME,
      });
      const data: Record<string, MetricMetadata[]> = {};
      let count = 0;
      for (const name of names) {
        if (metric !== undefined && name !== metric) continue;
        if (limit >= 0 && count >= limit) break;
        data[name] = [{ type: 'unknown', help: '', unit: '' }];
        count++;
      }
      return sendPromData(reply, data);
    } catch (err) {
      return sendPromError(reply, err, deps);
    }
  });
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/api/v1/query_exemplars',
      handler: async (req, reply) => {
        try {
          const params = promParams(req);
          const start = param(params, 'start', parseApiTime) ?? MIN_TIME;
          const end = param(params, 'end', parseApiTime) ?? MAX_TIME;
          if (end < start) throw new InvalidInputError('end timestamp must not be before start timestamp');
          const expr = parseExpr(optionalParam(params, 'query') ?? '');
          // Prometheus answers 204 when the query selects nothing (e.g. `1+1`).
          if (!hasSelector(expr)) return reply.code(204).send();
          return sendPromData(reply, []);
        } catch (err) {
          return sendPromError(reply, err, deps);
        }
      },
    });
    app.route({
      method,
      url: '/api/v1/format_query',
      handler: (req, reply) => {
        try {
          const params = promParams(req);
          return sendPromData(reply, formatExpr(queryParam(optionalParam(params, 'query') ?? '')));
        } catch (err) {
          return sendPromError(reply, err, deps);
        }
      },
    });
  }
}

/** Parses the `query` parameter, naming it in the error as Prometheus does. */
function queryParam(text: string): Expr {
  try {
    return parseExpr(text);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    throw new InvalidInputError(`invalid parameter "query": ${err.message}`, { cause: err });
  }
}

/** An integer parameter as Go's strconv.Atoi reads it; -1 when absent. */
function countParam(params: Map<string, string[]>, name: string): number {
  const text = optionalParam(params, name);
  if (text === undefined) return -1;
  if (!/^[+-]?\d{1,18}$/.test(text)) throw new InvalidInputError(`${name} must be a number`);
  return Number(text);
}

/** True when the expression reads any series (Prometheus' parser.ExtractSelectors is non-empty). */
function hasSelector(expr: Expr): boolean {
  switch (expr.type) {
    case 'vectorSelector':
    case 'matrixSelector':
      return true;
    case 'number':
    case 'string':
      return false;
    case 'subquery':
    case 'unary':
    case 'paren':
      return hasSelector(expr.expr);
    case 'aggregate':
      return hasSelector(expr.expr) || (expr.param !== undefined && hasSelector(expr.param));
    case 'binary':
      return hasSelector(expr.lhs) || hasSelector(expr.rhs);
    case 'call':
      return expr.args.some(hasSelector);
  }
}

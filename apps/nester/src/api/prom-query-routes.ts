import type { FastifyInstance, FastifyReply } from 'fastify';
import { InvalidInputError, parseApiDuration, parseApiTime } from '@seahawks/model';
import type { AppDeps } from './deps.js';
import { sendPromError } from './envelope.js';
import { scopedServices } from './scoped.js';
import type { PromQueryData } from './query-service.js';
import { optionalParam, promParams, requiredParam } from './params.js';

/** Prometheus refuses range queries of more than 11,000 points per series; so do we. */
const MAX_RANGE_POINTS = 11_000;

/** `/api/v1/query` and `/api/v1/query_range`, GET and POST, in Prometheus' envelope. */
export function registerPromQueryRoutes(app: FastifyInstance, deps: AppDeps): void {
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/api/v1/query',
      handler: async (req, reply) => {
        try {
          const params = promParams(req);
          const query = requiredParam(params, 'query');
          const time = param(params, 'time', parseApiTime) ?? deps.clock();
          return sendQueryResult(
            reply,
            await scopedServices(deps, req.principal!).query.instant(query, time),
          );
        } catch (err) {
          return sendPromError(reply, err, deps);
        }
      },
    });
    app.route({
      method,
      url: '/api/v1/query_range',
      handler: async (req, reply) => {
        try {
          const params = promParams(req);
          const query = requiredParam(params, 'query');
          const start = param(params, 'start', parseApiTime, true)!;
          const end = param(params, 'end', parseApiTime, true)!;
          const step = param(params, 'step', parseApiDuration, true)!;
          checkRange(start, end, step);
          return sendQueryResult(
            reply,
            await scopedServices(deps, req.principal!).query.range(query, start, end, step),
          );
        } catch (err) {
          return sendPromError(reply, err, deps);
        }
      },
    });
  }
}

/** Moves the engine's warnings and infos from the data to the envelope, as Prometheus does. */
function sendQueryResult(
  reply: FastifyReply,
  result: PromQueryData & { warnings?: readonly string[]; infos?: readonly string[] },
): FastifyReply {
  const { warnings, infos, ...data } = result;
  const body: Record<string, unknown> = { status: 'success', data };
  if (warnings && warnings.length > 0) body.warnings = warnings;
  if (infos && infos.length > 0) body.infos = infos;
  return reply.send(body);
}

function checkRange(start: number, end: number, step: number): void {
  if (end < start)
    throw new InvalidInputError('invalid parameter "end": end timestamp must not be before start time');
  if (step <= 0) {
    throw new InvalidInputError(
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  }
  if ((end - start) / step > MAX_RANGE_POINTS) {
    throw new InvalidInputError(
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
  }
}

/** Parses one parameter, naming it in the error as Prometheus does. */
export function param(
  params: Map<string, string[]>,
  name: string,
  parse: (text: string) => number,
  required = false,
): number | undefined {
  const text = required ? requiredParam(params, name) : optionalParam(params, name);
  if (text === undefined) return undefined;
  try {
    return parse(text);
  } catch (err) {
    throw new InvalidInputError(`invalid parameter "${name}": ${(err as Error).message}`, { cause: err });
  }
}

import type { FastifyInstance } from 'fastify';
import { InvalidInputError } from '@seahawks/model';
import type { AppDeps } from './deps.js';
import { sendPromData, sendPromError } from './envelope.js';
import { optionalParam, promParams } from './params.js';
import { parseMatchParams } from './prom-meta-routes.js';

/**
 * `/api/v1/rules` and `/api/v1/alerts` in Prometheus' shapes. Grafana's datasource asks for rules
 * at start (recording rules to expand) and its alerting UI for both; until the alerting issue
 * evaluates rules there are none, so the answers are `{groups: []}` and `{alerts: []}` after
 * validating the parameters as Prometheus does.
 */
export function registerPromRulesRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/v1/rules', (req, reply) => {
    try {
      const params = promParams(req);
      const type = (optionalParam(params, 'type') ?? '').toLowerCase();
      if (type !== '' && type !== 'alert' && type !== 'record')
        throw new InvalidInputError(`invalid parameter "type": not supported value "${type}"`);
      parseMatchParams(params.get('match[]') ?? []);
      checkExcludeAlerts(optionalParam(params, 'exclude_alerts'));
      const groupLimit = checkPagination(params);
      const nextToken = optionalParam(params, 'group_next_token');
      // With no groups, any page token is one Prometheus would not find.
      if (groupLimit !== undefined && nextToken !== undefined) {
        throw new InvalidInputError(
          `invalid parameter "group_next_token": invalid group_next_token '${nextToken}'. were rule groups changed?`,
        );
      }
      return sendPromData(reply, { groups: [] });
    } catch (err) {
      return sendPromError(reply, err, deps);
    }
  });
  app.get('/api/v1/alerts', (_req, reply) => sendPromData(reply, { alerts: [] }));
}

/** Go's strconv.ParseBool spellings. */
const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

function checkExcludeAlerts(text: string | undefined): void {
  if (text === undefined || BOOLS.has(text.toLowerCase())) return;
  throw new InvalidInputError(
    `invalid parameter "exclude_alerts": error converting exclude_alerts: strconv.ParseBool: parsing "${text.toLowerCase()}": invalid syntax`,
  );
}

/** Validates `group_limit` and `group_next_token`; returns the limit when present. */
function checkPagination(params: Map<string, string[]>): number | undefined {
  const limit = optionalParam(params, 'group_limit');
  if (optionalParam(params, 'group_next_token') !== undefined && limit === undefined) {
    throw new InvalidInputError(
      'invalid parameter "group_next_token": group_limit needs to be present in order to paginate over the groups',
    );
  }
  if (limit === undefined) return undefined;
  const problem = !/^[+-]?\d+$/.test(limit)
    ? 'invalid syntax'
    : Math.abs(Number(limit)) > 2 ** 31 - 1
      ? 'value out of range'
      : undefined;
  if (problem !== undefined) {
    throw new InvalidInputError(
      `invalid parameter "group_limit": group_limit needs to be a valid number: strconv.ParseInt: parsing "${limit}": ${problem}`,
    );
  }
  if (Number(limit) <= 0)
    throw new InvalidInputError('invalid parameter "group_limit": group_limit needs to be greater than 0');
  return Number(limit);
}

import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { compileMatcher, InvalidInputError, labelsFromRecord, matchesAll } from '@seahawks/model';
import { AlertScope } from '../alerting/alert-scope.js';
import { goJsonTime, promAlert, promRule } from '../alerting/prom-api-format.js';
import type { AppDeps } from './deps.js';
import { sendPromData, sendPromError } from './envelope.js';
import { optionalParam, promParams } from './params.js';
import { parseMatchParams } from './prom-meta-routes.js';

/**
 * `/api/v1/rules` and `/api/v1/alerts` in Prometheus' shapes, with its filters (`type`,
 * `rule_name[]`, `rule_group[]`, `file[]`, `match[]` on rule labels, `exclude_alerts`) and
 * pagination (`group_limit`, `group_next_token`). Grafana's datasource reads rules at start (to
 * expand recording rules) and its alerting UI reads both. Without the alerting subsystem (tests
 * of the HTTP layer alone) there are no groups and no alerts. Rules are everyone's; the alerts
 * in both answers are only those of the asker's teams (alerting/alert-scope.ts).
 */
export function registerPromRulesRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/v1/rules', (req, reply) => {
    try {
      const params = promParams(req);
      const type = (optionalParam(params, 'type') ?? '').toLowerCase();
      if (type !== '' && type !== 'alert' && type !== 'record')
        throw new InvalidInputError(`invalid parameter "type": not supported value "${type}"`);
      const matchers = parseMatchParams(params.get('match[]') ?? []).map((set) => set.map(compileMatcher));
      const excludeAlerts = checkExcludeAlerts(optionalParam(params, 'exclude_alerts'));
      const groupLimit = checkPagination(params);
      const scope = AlertScope.of(req.principal);
      const nextToken = optionalParam(params, 'group_next_token');
      const wanted = (name: string) => new Set(params.get(name) ?? []);
      const [ruleNames, groupNames, files] = [
        wanted('rule_name[]'),
        wanted('rule_group[]'),
        wanted('file[]'),
      ];
      const groups = [];
      let tokenFound = nextToken === undefined;
      let next: string | undefined;
      for (const g of deps.alerting?.groups() ?? []) {
        if (
          (groupNames.size > 0 && !groupNames.has(g.spec.name)) ||
          (files.size > 0 && !files.has(g.spec.file))
        )
          continue;
        const token = groupToken(g.spec.file, g.spec.name);
        if (!tokenFound) {
          if (token !== nextToken) continue;
          tokenFound = true;
        }
        if (groupLimit !== undefined && groups.length >= groupLimit) {
          next = token;
          break;
        }
        const rules = g.rules.flatMap((r, i) => {
          if ((type === 'alert' && r.kind !== 'alert') || (type === 'record' && r.kind !== 'record'))
            return [];
          if (ruleNames.size > 0 && !ruleNames.has(r.name)) return [];
          if (
            matchers.length > 0 &&
            !matchers.some((set) => matchesAll(set, labelsFromRecord(r.spec.labels)))
          )
            return [];
          return [promRule(g, i, scope, !excludeAlerts)];
        });
        if (rules.length === 0 && (type !== '' || ruleNames.size > 0 || matchers.length > 0)) continue;
        groups.push({
          name: g.spec.name,
          file: g.spec.file,
          rules,
          interval: g.intervalMs / 1000,
          limit: g.spec.limit,
          evaluationTime: g.durationMs / 1000,
          lastEvaluation: goJsonTime(g.lastEvaluation),
        });
      }
      if (!tokenFound) {
        throw new InvalidInputError(
          `invalid parameter "group_next_token": invalid group_next_token '${nextToken}'. were rule groups changed?`,
        );
      }
      return sendPromData(reply, next === undefined ? { groups } : { groups, groupNextToken: next });
    } catch (err) {
      return sendPromError(reply, err, deps);
    }
  });
  app.get('/api/v1/alerts', (req, reply) => {
    const scope = AlertScope.of(req.principal);
    const alerts = (deps.alerting?.groups() ?? []).flatMap((g) =>
      g.rules.flatMap((r) =>
        r.kind === 'alert' ? scope.activeAlerts(r.active.values()).map(promAlert) : [],
      ),
    );
    return sendPromData(reply, { alerts });
  });
}

/** Prometheus' page token: a hash of the group's file and name. */
function groupToken(file: string, name: string): string {
  return createHash('sha1').update(`${file};${name}`).digest('hex');
}

/** Go's strconv.ParseBool spellings. */
const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

function checkExcludeAlerts(text: string | undefined): boolean {
  if (text === undefined) return false;
  const lower = text.toLowerCase();
  if (BOOLS.has(lower)) return lower === '1' || lower === 't' || lower === 'true';
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

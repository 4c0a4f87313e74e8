import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInputError } from '@seahawks/model';
import type { Matcher } from '@seahawks/model';
import { can } from '../auth/roles.js';
import type { UserPrincipal } from '../auth/roles.js';
import type { AppDeps } from './deps.js';
import { sendPromError } from './envelope.js';
import { promParams } from './params.js';
import { parseMatchParams, timeRange } from './prom-meta-routes.js';

const DELETE_SERIES = '/api/v1/admin/tsdb/delete_series';
const CLEAN_TOMBSTONES = '/api/v1/admin/tsdb/clean_tombstones';

/**
 * Prometheus' TSDB admin API, for administrators only (people, by session, API token or Basic
 * auth): `delete_series` deletes the samples of every `match[]` selector within `start`..`end`
 * (inclusive; all of time by default) and answers 204; `clean_tombstones` rewrites what the
 * engine only marked as deleted and answers 204 when done. Prometheus' `snapshot` is not offered: the engines' data directories and databases have their own backups.
 */
export function registerAdminTsdbRoutes(app: FastifyInstance, deps: AppDeps): void {
  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: DELETE_SERIES,
      handler: async (req, reply) => {
        const admin = administrator(req, reply, deps, 'delete series');
        if (admin === undefined) return reply;
        try {
          await deleteSeries(req, admin, deps);
          return await reply.code(204).send();
        } catch (err) {
          return sendPromError(reply, err, deps);
        }
      },
    });
    app.route({
      method,
      url: CLEAN_TOMBSTONES,
      handler: async (req, reply) => {
        const admin = administrator(req, reply, deps, 'clean tombstones');
        if (admin === undefined) return reply;
        try {
          await deps.storageAdmin.cleanTombstones();
          deps.logger.info(
            { audit: 'clean_tombstones', user: admin.name, via: admin.via },
            `${admin.name} cleaned tombstones`,
          );
          return await reply.code(204).send();
        } catch (err) {
          return sendPromError(reply, err, deps);
        }
      },
    });
  }
}

async function deleteSeries(req: FastifyRequest, admin: UserPrincipal, deps: AppDeps): Promise<void> {
  const params = promParams(req);
  const texts = params.get('match[]') ?? [];
  if (texts.length === 0) throw new InvalidInputError('no match[] parameter provided');
  const selectors = parseMatchParams(texts);
  const range = timeRange(params);
  // Each selector is a deletion of its own, as in Prometheus: a failure leaves earlier ones done.
  for (const matchers of selectors) {
    const { samples, series } = await deps.storageAdmin.deleteSeries(matchers, range);
    deps.logger.info(
      {
        audit: 'delete_series',
        user: admin.name,
        via: admin.via,
        match: formatMatchers(matchers),
        start: range.minT,
        end: range.maxT,
        samples,
        series,
      },
      `${admin.name} deleted series ${formatMatchers(matchers)}: ${samples} samples, ${series} series emptied`,
    );
  }
}

/** A selector as text for the log: `{__name__="up", job=~"a.*"}`. */
function formatMatchers(matchers: readonly Matcher[]): string {
  return `{${matchers.map((m) => `${m.name}${m.type}${JSON.stringify(m.value)}`).join(', ')}}`;
}

/** The administrator asking; otherwise answers 403 in Prometheus' envelope and logs the attempt. */
function administrator(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AppDeps,
  what: string,
): UserPrincipal | undefined {
  const p = req.principal;
  if (p?.kind === 'user' && can(p, 'delete_series')) return p;
  const who = p?.kind === 'user' ? `${p.name} (${p.role})` : (p?.name ?? 'anonymous');
  deps.logger.warn({ audit: 'delete_series', user: who, url: req.url }, `refused to ${what} for ${who}`);
  void reply.code(403).send({
    status: 'error',
    errorType: 'bad_data',
    error: `cannot ${what}: the admin role is required`,
  });
  return undefined;
}

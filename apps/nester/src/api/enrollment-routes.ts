import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { InvalidInputError, parseDuration } from '@seahawks/model';
import { canEnroll, TEAM_LABEL } from '../auth/access.js';
import type { UserPrincipal } from '../auth/roles.js';
import { formatJoinCommand } from '../fleet/join-command.js';
import { isOnline } from '../fleet/registry.js';
import type { AppDeps, EnrollmentDeps } from './deps.js';
import { sendApiError } from './envelope.js';
import { firstIssue, person } from './guard.js';

const createBody = z
  .object({
    /** A Prometheus duration (`24h`, `7d`); `0` = never expires; absent = 24 h. */
    ttl: z.string().min(1).max(32).optional(),
    /** 0 = unlimited; absent = 1. */
    uses: z.number().int().min(0).max(1_000_000).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    /** Shorthand for the `team` label. */
    team: z.string().min(1).max(128).optional(),
    description: z.string().max(256).optional(),
  })
  .strict();

/** One harvester credential as the enrollment page lists it. */
export interface CredentialView {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly lastSeen: number | null;
  readonly online: boolean;
  readonly hostname: string;
  readonly version: string;
}

/**
 * Enrollment from the web UI, what `seahawks nester token …` and `nester harvesters revoke` do
 * on the admin socket: `GET /api/enrollment` (endpoint and CA hash), join tokens
 * (`GET/POST /api/enrollment/tokens`, `DELETE /api/enrollment/tokens/:id`) and harvester
 * credentials (`GET /api/enrollment/harvesters`, `POST /api/enrollment/harvesters/:name/revoke`,
 * which also drops the tunnel). Admins manage everything; operators the tokens and harvesters
 * of their own teams (auth/access.ts `canEnroll`); viewers nothing.
 */
export function registerEnrollmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const offlineAfterMs = parseDuration(deps.config.fleet.offlineAfter);

  app.get('/api/enrollment', (req, reply) => {
    const g = gate(req, reply, deps, 'show enrollment');
    if (!g) return reply;
    return reply.send({ tunnelUrl: g.e.tunnelUrl(), caHash: g.e.caHash() });
  });

  app.get('/api/enrollment/tokens', (req, reply) => {
    const g = gate(req, reply, deps, 'list join tokens');
    if (!g) return reply;
    const tokens = g.e.joinTokens.list(deps.clock()).filter((t) => canEnroll(g.p, t.labels));
    return reply.send({ tokens });
  });

  app.post('/api/enrollment/tokens', async (req, reply) => {
    const g = gate(req, reply, deps, 'create a join token');
    if (!g) return reply;
    const parsed = createBody.safeParse(req.body ?? {});
    if (!parsed.success)
      return reply.code(400).send({ error: `cannot create join token: ${firstIssue(parsed.error)}` });
    try {
      const { ttl, uses, team, description } = parsed.data;
      const labels = withTeam(parsed.data.labels ?? {}, team);
      if (!canEnroll(g.p, labels))
        return reply.code(403).send({ error: teamRefusal(g.p, 'create join tokens') });
      const { token, info } = await g.e.joinTokens.create(
        {
          ttlMs: ttl === undefined ? undefined : parseTtl(ttl),
          maxUses: uses,
          labels,
          description,
          createdBy: g.p.name,
        },
        deps.clock(),
      );
      deps.logger.info({ token: info.id, by: g.p.name, labels: info.labels }, 'join token created');
      const joinCommand = formatJoinCommand(g.e.tunnelUrl(), token, g.e.caHash());
      return reply.code(201).send({ ...info, token, joinCommand });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.delete<{ Params: { id: string } }>('/api/enrollment/tokens/:id', async (req, reply) => {
    const g = gate(req, reply, deps, 'revoke a join token');
    if (!g) return reply;
    const { id } = req.params;
    const t = g.e.joinTokens.list(deps.clock()).find((x) => x.id === id);
    // A token of another team is "no such token": its existence is not confirmed.
    if (!t || !canEnroll(g.p, t.labels))
      return reply.code(404).send({ error: `cannot revoke join token "${id}": no such token` });
    try {
      await g.e.joinTokens.revoke(id);
      deps.logger.info({ token: id, by: g.p.name }, 'join token revoked');
      return reply.code(204).send();
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.get('/api/enrollment/harvesters', (req, reply) => {
    const g = gate(req, reply, deps, 'list harvester credentials');
    if (!g) return reply;
    const now = deps.clock();
    const harvesters: CredentialView[] = deps.fleet
      .list()
      .filter((h) => canEnroll(g.p, h.labels))
      .map((h) => ({
        id: h.id,
        name: h.name,
        labels: h.labels,
        createdAt: h.createdAt,
        lastSeen: h.lastSeen,
        online: isOnline(h, now, offlineAfterMs, deps.presence),
        hostname: h.inventory.hostname ?? '',
        version: h.inventory.version ?? '',
      }));
    return reply.send({ harvesters });
  });

  app.post<{ Params: { name: string } }>('/api/enrollment/harvesters/:name/revoke', async (req, reply) => {
    const g = gate(req, reply, deps, 'revoke a harvester');
    if (!g) return reply;
    const { name } = req.params;
    const h = deps.fleet.byName(name);
    if (!h || !canEnroll(g.p, h.labels))
      return reply.code(404).send({ error: `cannot revoke harvester "${name}": no such harvester` });
    try {
      if (!(await g.e.revokeHarvester(name)))
        return reply.code(404).send({ error: `cannot revoke harvester "${name}": no such harvester` });
      deps.logger.info({ name, by: g.p.name }, 'harvester revoked');
      return reply.send({ name, revoked: true });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });
}

/** The person and the enrollment services, or a 403 (viewers) / 503 (no tunnel endpoint). */
function gate(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AppDeps,
  what: string,
): { p: UserPrincipal; e: EnrollmentDeps } | undefined {
  const p = person(req, reply, what);
  if (!p) return undefined;
  if (p.role === 'viewer') {
    void reply.code(403).send({ error: `cannot ${what}: the operator or admin role is required` });
    return undefined;
  }
  if (!deps.enrollment) {
    void reply.code(503).send({ error: `cannot ${what}: this nester runs without a harvester endpoint` });
    return undefined;
  }
  return { p, e: deps.enrollment };
}

function withTeam(labels: Record<string, string>, team: string | undefined): Record<string, string> {
  if (team === undefined) return labels;
  const given = labels[TEAM_LABEL];
  if (given !== undefined && given !== team)
    throw new InvalidInputError(
      `cannot create join token: team "${team}" and label team="${given}" disagree`,
    );
  return { ...labels, [TEAM_LABEL]: team };
}

function teamRefusal(p: UserPrincipal, what: string): string {
  const yours = p.teams.length === 0 ? 'you have none' : `yours: ${p.teams.join(', ')}`;
  return `cannot ${what} for that team: operators enroll into their own teams only, with a team label (${yours})`;
}

/** `0` means never; anything else is a Prometheus duration. */
function parseTtl(text: string): number {
  if (text === '0') return 0;
  try {
    return parseDuration(text);
  } catch (err) {
    throw new InvalidInputError(
      `cannot create join token: ttl "${text}": expected e.g. 24h, 7d or 0 (never)`,
      {
        cause: err,
      },
    );
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseDuration } from '@seahawks/model';
import { can } from '../auth/roles.js';
import type { Principal } from '../auth/roles.js';
import type { AppDeps } from './deps.js';
import { sendApiError } from './envelope.js';

const createBody = z
  .object({
    name: z.string().min(1).max(64),
    role: z.enum(['admin', 'operator', 'viewer']),
    /** A Prometheus duration (`30d`, `12h`); absent = never expires. */
    ttl: z.string().min(1).max(32).optional(),
  })
  .strict();

/**
 * API tokens, admin only: `POST /api/auth/tokens` (body `{name, role, ttl?}`; answers 201 with
 * the token, shown this once), `GET /api/auth/tokens` (the list, without secrets) and
 * `DELETE /api/auth/tokens/:id` (revoke, effective at once).
 */
export function registerTokenRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/auth/tokens', async (req, reply) => {
    const p = admin(req, reply);
    if (!p) return reply;
    const parsed = createBody.safeParse(req.body);
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'cannot create API token: expected JSON {name, role: admin|operator|viewer, ttl?: "30d"}',
      });
    }
    try {
      const { name, role, ttl } = parsed.data;
      const ttlMs = ttl === undefined ? undefined : parseDuration(ttl);
      const { token, info } = await deps.apiTokens.create(
        { name, role, creator: p.name, creatorRole: p.role, ttlMs },
        deps.clock(),
      );
      deps.logger.info({ by: p.name, token: info.id, role }, 'API token created');
      return reply.code(201).send({ token, ...info });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });
  app.get('/api/auth/tokens', (req, reply) => {
    if (!admin(req, reply)) return reply;
    return reply.send({ tokens: deps.apiTokens.list() });
  });
  app.delete<{ Params: { id: string } }>('/api/auth/tokens/:id', async (req, reply) => {
    const p = admin(req, reply);
    if (!p) return reply;
    try {
      if (!(await deps.apiTokens.revoke(req.params.id))) {
        return reply.code(404).send({ error: `cannot revoke API token "${req.params.id}": no such token` });
      }
      deps.logger.info({ by: p.name, token: req.params.id }, 'API token revoked');
      return reply.code(204).send();
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });
}

/** The principal when it may manage tokens; otherwise answers 403 and returns undefined. */
function admin(req: FastifyRequest, reply: FastifyReply): (Principal & { kind: 'user' }) | undefined {
  const p = req.principal;
  if (p?.kind === 'user' && can(p, 'manage_users')) return p;
  void reply.code(403).send({ error: 'cannot manage API tokens: the admin role is required' });
  return undefined;
}

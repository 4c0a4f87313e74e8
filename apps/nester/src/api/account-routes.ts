import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseDuration } from '@seahawks/model';
import type { UserPrincipal } from '../auth/roles.js';
import type { AppDeps } from './deps.js';
import { sendApiError } from './envelope.js';
import { firstIssue, person } from './guard.js';
import {
  clearSessionCookie,
  clientOrigin,
  currentSessionId,
  loginThrottleOf,
  setSessionCookie,
  throttleAddress,
} from './client-origin.js';

const passwordBody = z.object({ current: z.string().max(1024), password: z.string().max(1024) }).strict();
const tokenBody = z
  .object({
    name: z.string().min(1).max(64),
    role: z.enum(['admin', 'operator', 'viewer']),
    /** A Prometheus duration (`30d`); absent = never expires. */
    ttl: z.string().min(1).max(32).optional(),
  })
  .strict();

/**
 * What every signed-in person manages about themselves: `GET /api/account` (who, sessions, own
 * API tokens), `PUT /api/account/password` (needs the current password, throttled like a login;
 * ends every session of the user and opens a fresh one for this browser), `DELETE
 * /api/account/sessions[/:id]` (one session, or all but this one), and own API tokens
 * (`GET/POST /api/account/tokens`, `DELETE /api/account/tokens/:id`; a role up to one's own).
 * Changing the password, ending sessions and minting tokens need a browser session: a leaked
 * API token can neither lock its owner out nor breed more tokens.
 */
export function registerAccountRoutes(app: FastifyInstance, deps: AppDeps): void {
  const throttle = loginThrottleOf(deps);

  app.get('/api/account', (req, reply) => {
    const p = person(req, reply, 'show the account');
    if (!p) return reply;
    const current = currentSessionId(req, deps);
    const sessions = deps.sessions
      .listFor(p.name, deps.clock())
      .map((s) => ({ ...s, current: s.id === current }));
    return reply.send({
      user: { name: p.name, role: p.role, teams: p.teams, via: p.via },
      sessions,
      tokens: own(p),
    });
  });

  app.put('/api/account/password', async (req, reply) => {
    const p = inSession(req, reply, 'change the password');
    if (!p) return reply;
    const parsed = passwordBody.safeParse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: `cannot change the password: ${firstIssue(parsed.error)}` });
    try {
      const origin = clientOrigin(req, deps);
      const address = throttleAddress(origin);
      const now = deps.clock();
      const wait = throttle.retryAfter(p.name, address, now);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        return reply
          .code(429)
          .header('retry-after', String(seconds))
          .send({ error: `cannot change the password: too many wrong passwords; try again in ${seconds} s` });
      }
      if (!(await deps.users.verify(p.name, parsed.data.current))) {
        throttle.fail(p.name, address, now);
        return reply.code(400).send({ error: 'cannot change the password: the current password is wrong' });
      }
      throttle.succeed(p.name, address);
      await deps.users.setPassword(p.name, parsed.data.password);
      const ended = await deps.sessions.destroyAllFor(p.name, now);
      const token = await deps.sessions.create(p.name, p.role, now, {
        address: origin.address,
        userAgent: req.headers['user-agent'] ?? '',
      });
      setSessionCookie(reply, token, origin, deps);
      deps.logger.info({ user: p.name, sessionsEnded: ended }, 'password changed; every session ended');
      return reply.send({ sessionsEnded: Math.max(0, ended - 1) });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.delete('/api/account/sessions', async (req, reply) => {
    const p = inSession(req, reply, 'end sessions');
    if (!p) return reply;
    const ended = await deps.sessions.destroyAllFor(p.name, deps.clock(), currentSessionId(req, deps));
    deps.logger.info({ user: p.name, sessionsEnded: ended }, 'other sessions ended');
    return reply.send({ sessionsEnded: ended });
  });

  app.delete<{ Params: { id: string } }>('/api/account/sessions/:id', async (req, reply) => {
    const p = inSession(req, reply, 'end a session');
    if (!p) return reply;
    const { id } = req.params;
    if (!(await deps.sessions.destroyById(p.name, id, deps.clock())))
      return reply.code(404).send({ error: `cannot end session ${id}: no such session of yours` });
    if (id === currentSessionId(req, deps)) clearSessionCookie(reply, clientOrigin(req, deps));
    return reply.code(204).send();
  });

  app.get('/api/account/tokens', (req, reply) => {
    const p = person(req, reply, 'list API tokens');
    if (!p) return reply;
    return reply.send({ tokens: own(p) });
  });

  app.post('/api/account/tokens', async (req, reply) => {
    const p = inSession(req, reply, 'create an API token');
    if (!p) return reply;
    const parsed = tokenBody.safeParse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: `cannot create API token: ${firstIssue(parsed.error)}` });
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

  app.delete<{ Params: { id: string } }>('/api/account/tokens/:id', async (req, reply) => {
    const p = person(req, reply, 'revoke an API token');
    if (!p) return reply;
    const { id } = req.params;
    try {
      // Someone else's token is "no such token" here: ids of others' tokens are not confirmed.
      if (!own(p).some((t) => t.id === id) || !(await deps.apiTokens.revoke(id)))
        return reply.code(404).send({ error: `cannot revoke API token "${id}": no such token of yours` });
      deps.logger.info({ by: p.name, token: id }, 'API token revoked');
      return reply.code(204).send();
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  function own(p: UserPrincipal) {
    return deps.apiTokens.list().filter((t) => t.creator === p.name);
  }
}

/** The person when they came with a browser session; 403 for API tokens and Basic auth. */
function inSession(req: FastifyRequest, reply: FastifyReply, what: string): UserPrincipal | undefined {
  const p = person(req, reply, what);
  if (!p) return undefined;
  if (p.via === 'session') return p;
  void reply.code(403).send({ error: `cannot ${what} with an API token: sign in to the web UI` });
  return undefined;
}

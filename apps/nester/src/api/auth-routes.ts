import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseDuration } from '@seahawks/model';
import { SESSION_COOKIE } from '../auth/authenticate.js';
import type { AppDeps } from './deps.js';
import { sendApiError } from './envelope.js';

const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

/** Login (public), logout and who-am-I. */
export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const ttlSeconds = Math.floor(parseDuration(deps.config.auth.sessionTtl) / 1000);
  app.post('/api/auth/login', async (req, reply) => {
    try {
      const parsed = loginBody.safeParse(req.body);
      if (!parsed.success)
        return reply.code(400).send({ error: 'cannot log in: expected JSON {username, password}' });
      const user = await deps.users.verify(parsed.data.username, parsed.data.password);
      if (!user) {
        deps.logger.warn({ user: parsed.data.username, ip: req.ip }, 'failed login');
        return reply.code(401).send({ error: 'cannot log in: wrong user name or password' });
      }
      const token = await deps.sessions.create(user.name, user.role, deps.clock());
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        path: '/',
        maxAge: ttlSeconds,
      });
      return reply.send({ user: { name: user.name, role: user.role, teams: user.teams } });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });
  app.post('/api/auth/logout', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await deps.sessions.destroy(token, deps.clock());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
  app.get('/api/auth/me', (req, reply) => {
    const p = req.principal;
    if (p?.kind !== 'user') return reply.code(401).send({ error: 'not logged in' });
    return reply.send({ user: { name: p.name, role: p.role, teams: p.teams } });
  });
}

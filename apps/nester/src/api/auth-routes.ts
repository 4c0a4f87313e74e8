import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/authenticate.js';
import type { AppDeps } from './deps.js';
import { sendApiError } from './envelope.js';
import {
  clearSessionCookie,
  clientOrigin,
  loginThrottleOf,
  setSessionCookie,
  throttleAddress,
} from './client-origin.js';

const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

/**
 * Login (public), logout and who-am-I. Failed logins are throttled per user name and address
 * (auth/login-throttle.ts): a locked attempt is a 429 with `Retry-After`, answered before any
 * password check.
 */
export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const throttle = loginThrottleOf(deps);
  app.post('/api/auth/login', async (req, reply) => {
    try {
      const parsed = loginBody.safeParse(req.body);
      if (!parsed.success)
        return reply.code(400).send({ error: 'cannot log in: expected JSON {username, password}' });
      const { username, password } = parsed.data;
      const origin = clientOrigin(req, deps);
      const address = throttleAddress(origin);
      const now = deps.clock();
      const wait = throttle.retryAfter(username, address, now);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        deps.logger.warn({ user: username, ip: origin.address }, 'login refused: throttled');
        return reply
          .code(429)
          .header('retry-after', String(seconds))
          .send({ error: `cannot log in: too many failed attempts; try again in ${seconds} s` });
      }
      const user = await deps.users.verify(username, password);
      if (!user) {
        const lock = throttle.fail(username, address, now);
        deps.logger.warn({ user: username, ip: origin.address, lockMs: lock }, 'failed login');
        return reply.code(401).send({ error: 'cannot log in: wrong user name or password' });
      }
      throttle.succeed(username, address);
      const token = await deps.sessions.create(user.name, user.role, now, {
        address: origin.address,
        userAgent: req.headers['user-agent'] ?? '',
      });
      setSessionCookie(reply, token, origin, deps);
      return reply.send({ user: { name: user.name, role: user.role, teams: user.teams } });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });
  app.post('/api/auth/logout', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await deps.sessions.destroy(token, deps.clock());
    clearSessionCookie(reply, clientOrigin(req, deps));
    return reply.code(204).send();
  });
  app.get('/api/auth/me', (req, reply) => {
    const p = req.principal;
    if (p?.kind !== 'user') return reply.code(401).send({ error: 'not logged in' });
    return reply.send({ user: { name: p.name, role: p.role, teams: p.teams } });
  });
}

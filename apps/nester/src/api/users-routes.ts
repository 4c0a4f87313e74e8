import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { summarizeTeams } from '../auth/teams.js';
import type { UserRecord } from '../auth/users.js';
import { isOnline } from '../fleet/registry.js';
import { parseDuration } from '@seahawks/model';
import type { AppDeps } from './deps.js';
import { sendApiError } from './envelope.js';
import { allowed, firstIssue } from './guard.js';
import { currentSessionId } from './client-origin.js';

const role = z.enum(['admin', 'operator', 'viewer']);
const teams = z.array(z.string().max(64)).max(256);
const createBody = z
  .object({ name: z.string().min(1).max(64), role, teams: teams.optional(), password: z.string().max(1024) })
  .strict();
const changeBody = z.object({ role: role.optional(), teams: teams.optional() }).strict();
const passwordBody = z.object({ password: z.string().max(1024) }).strict();

/** A user as admins see it: never the hash; how many sessions and API tokens it holds. */
export interface UserView {
  readonly name: string;
  readonly role: UserRecord['role'];
  readonly teams: readonly string[];
  readonly createdAt: number;
  readonly sessions: number;
  readonly apiTokens: number;
}

/**
 * The admin's user management (`manage_users`): `GET/POST /api/users`, `PUT /api/users/:name`
 * (role, teams), `PUT /api/users/:name/password` (reset; ends the user's sessions),
 * `DELETE /api/users/:name` (ends its sessions and revokes its API tokens, so a later user of the
 * same name inherits nothing), and `GET /api/teams` (teams derived from users and harvesters).
 */
export function registerUsersRoutes(app: FastifyInstance, deps: AppDeps): void {
  const offlineAfterMs = parseDuration(deps.config.fleet.offlineAfter);
  const view = (u: UserRecord): UserView => ({
    name: u.name,
    role: u.role,
    teams: u.teams,
    createdAt: u.createdAt,
    sessions: deps.sessions.listFor(u.name, deps.clock()).length,
    apiTokens: deps.apiTokens.list().filter((t) => t.creator === u.name).length,
  });

  app.get('/api/users', (req, reply) => {
    if (!allowed(req, reply, 'manage_users', 'list users')) return reply;
    return reply.send({ users: deps.users.list().map(view) });
  });

  app.post('/api/users', async (req, reply) => {
    const p = allowed(req, reply, 'manage_users', 'create users');
    if (!p) return reply;
    const parsed = createBody.safeParse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: `cannot create user: ${firstIssue(parsed.error)}` });
    try {
      const { name, password } = parsed.data;
      const user = await deps.users.create(name, parsed.data.role, password, deps.clock(), parsed.data.teams);
      deps.logger.info({ by: p.name, user: name, role: user.role, teams: user.teams }, 'user created');
      return reply.code(201).send({ user: view(user) });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.put<{ Params: { name: string } }>('/api/users/:name', async (req, reply) => {
    const p = allowed(req, reply, 'manage_users', 'change users');
    if (!p) return reply;
    const parsed = changeBody.safeParse(req.body);
    if (!parsed.success)
      return reply
        .code(400)
        .send({ error: `cannot change user "${req.params.name}": ${firstIssue(parsed.error)}` });
    try {
      const user = await deps.users.update(req.params.name, parsed.data);
      deps.logger.info({ by: p.name, user: user.name, role: user.role, teams: user.teams }, 'user changed');
      return reply.send({ user: view(user) });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.put<{ Params: { name: string } }>('/api/users/:name/password', async (req, reply) => {
    const p = allowed(req, reply, 'manage_users', 'reset passwords');
    if (!p) return reply;
    const parsed = passwordBody.safeParse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: `cannot reset the password: ${firstIssue(parsed.error)}` });
    try {
      const { name } = req.params;
      await deps.users.setPassword(name, parsed.data.password);
      // Whoever held the old password is out; an admin resetting their own keeps this session.
      const keep = name === p.name ? currentSessionId(req, deps) : undefined;
      const ended = await deps.sessions.destroyAllFor(name, deps.clock(), keep);
      deps.logger.info({ by: p.name, user: name, sessionsEnded: ended }, 'password reset');
      return reply.send({ sessionsEnded: ended });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.delete<{ Params: { name: string } }>('/api/users/:name', async (req, reply) => {
    const p = allowed(req, reply, 'manage_users', 'remove users');
    if (!p) return reply;
    const { name } = req.params;
    if (name === p.name)
      return reply.code(400).send({ error: `cannot remove user "${name}": you cannot remove yourself` });
    try {
      await deps.users.remove(name);
      await deps.sessions.destroyAllFor(name, deps.clock());
      for (const t of deps.apiTokens.list()) if (t.creator === name) await deps.apiTokens.revoke(t.id);
      deps.logger.info({ by: p.name, user: name }, 'user removed');
      return reply.code(204).send();
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.get('/api/teams', (req, reply) => {
    if (!allowed(req, reply, 'manage_users', 'list teams')) return reply;
    const now = deps.clock();
    const harvesters = deps.fleet
      .list()
      .map((h) => ({ labels: h.labels, online: isOnline(h, now, offlineAfterMs, deps.presence) }));
    return reply.send(summarizeTeams(deps.users.list(), harvesters));
  });
}

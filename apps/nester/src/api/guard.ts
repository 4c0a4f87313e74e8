import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../auth/roles.js';
import type { Action, UserPrincipal } from '../auth/roles.js';

/**
 * The person asking when they may do `action`; otherwise answers 403 (`cannot <what>: …`) and
 * returns undefined. The decision itself is `can` (auth/roles.ts).
 */
export function allowed(
  req: FastifyRequest,
  reply: FastifyReply,
  action: Action,
  what: string,
): UserPrincipal | undefined {
  const p = req.principal;
  if (p?.kind === 'user' && can(p, action)) return p;
  const why = ROLE_NEEDED[action] ?? `the ${action} permission is required`;
  void reply.code(403).send({ error: `cannot ${what}: ${why}` });
  return undefined;
}

/** The person asking, whatever their role; 403 for a harvester (the app already refused strangers). */
export function person(req: FastifyRequest, reply: FastifyReply, what: string): UserPrincipal | undefined {
  const p = req.principal;
  if (p?.kind === 'user') return p;
  void reply.code(403).send({ error: `cannot ${what}: only people can` });
  return undefined;
}

// Partial: an action added elsewhere still gets a sensible message.
const ROLE_NEEDED: Partial<Record<Action, string>> = {
  read: 'signing in is required',
  write_metrics: 'the operator or admin role is required',
  manage_alerts: 'the operator or admin role is required',
  manage_fleet: 'the admin role is required',
  manage_users: 'the admin role is required',
  edit_rules: 'the admin role is required',
};

/** The first problem of a failed zod parse as `path: message`. */
export function firstIssue(error: {
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>;
}): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join('.') || 'body'}: ${issue?.message ?? 'invalid'}`;
}

import type { FastifyRequest } from 'fastify';
import { canOperateHarvester } from '../auth/access.js';
import type { HarvesterRecord } from '../fleet/registry.js';
import type { AuditKind, AuditStart } from './audit-types.js';
import { CLOSE } from './remote-deps.js';
import type { RemoteDeps } from './remote-deps.js';

/** Who asks for what, as the audit log words it. */
export function auditStart(
  req: FastifyRequest,
  kind: AuditKind,
  harvesters: string[],
  command?: string,
): AuditStart {
  const p = req.principal;
  const user = p?.kind === 'user' ? p : undefined;
  return {
    kind,
    user: user?.name ?? (p?.kind === 'harvester' ? `harvester:${p.name}` : 'anonymous'),
    role: user?.role ?? 'none',
    via: user?.via ?? 'none',
    remoteAddress: req.ip,
    harvesters,
    ...(command === undefined ? {} : { command }),
  };
}

export type AccessVerdict =
  | { readonly ok: true; readonly harvester: HarvesterRecord }
  | { readonly ok: false; readonly code: number; readonly reason: string };

/**
 * Whether the requester may open a `kind` session on harvester `name` now: it must exist, the
 * requester must operate it (auth/access.ts: admins everywhere, operators on their teams',
 * viewers never), and it must be online. Unknown and invisible harvesters get the same answer.
 */
export function sessionAccess(
  req: FastifyRequest,
  deps: RemoteDeps,
  kind: AuditKind,
  name: string,
): AccessVerdict {
  const p = req.principal;
  const h = deps.fleet.byName(name);
  const what = `cannot open a ${kind} on ${name}`;
  if (!p || p.kind !== 'user') return { ok: false, code: CLOSE.denied, reason: `${what}: users only` };
  if (p.role === 'viewer')
    return { ok: false, code: CLOSE.denied, reason: `${what}: viewers cannot open sessions` };
  if (!h || !canOperateHarvester(p, h.labels)) {
    return {
      ok: false,
      code: CLOSE.denied,
      reason: `${what}: no harvester of that name that you may operate`,
    };
  }
  if (!deps.hub.isOnline(name))
    return { ok: false, code: CLOSE.unavailable, reason: `${what}: it is offline` };
  return { ok: true, harvester: h };
}

import type { FleetRegistry } from '../fleet/registry.js';
import type { Principal } from './roles.js';
import type { SessionStore } from './sessions.js';

export const SESSION_COOKIE = 'seahawks_session';
export const CSRF_HEADER = 'x-seahawks-csrf';

export interface Credentials {
  readonly authorization: string | undefined;
  readonly sessionCookie: string | undefined;
}

/**
 * Resolves who is asking from a request's credentials: a bearer harvester credential, or a
 * session cookie. API tokens for automation and Grafana come with the UI issue.
 * Returns undefined when nothing valid was presented.
 */
export function authenticate(
  creds: Credentials,
  deps: { sessions: SessionStore; fleet: FleetRegistry },
  now: number,
): Principal | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(creds.authorization ?? '')?.[1];
  if (bearer !== undefined) {
    const h = deps.fleet.authenticate(bearer);
    return h ? { kind: 'harvester', id: h.id, name: h.name } : undefined;
  }
  if (creds.sessionCookie) {
    const s = deps.sessions.lookup(creds.sessionCookie, now);
    if (s) return { kind: 'user', name: s.user, role: s.role, via: 'session' };
  }
  return undefined;
}

/**
 * Cookie-authenticated writes must carry `X-Seahawks-CSRF`: a custom header cannot be sent
 * cross-site without a CORS preflight, which the nester never grants. Bearer callers are exempt.
 */
export function needsCsrfHeader(method: string, principal: Principal): boolean {
  const safe = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  return !safe && principal.kind === 'user' && principal.via === 'session';
}

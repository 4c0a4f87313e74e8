import type { FleetRegistry } from '../fleet/registry.js';
import { looksLikeApiToken } from './api-tokens.js';
import type { ApiTokenStore } from './api-tokens.js';
import type { BasicAuthVerifier } from './basic-auth.js';
import { ALL_TEAMS } from './access.js';
import { ROLES } from './roles.js';
import type { Principal } from './roles.js';
import type { SessionStore } from './sessions.js';
import type { UserStore } from './users.js';

export const SESSION_COOKIE = 'seahawks_session';
export const CSRF_HEADER = 'x-seahawks-csrf';

export interface Credentials {
  readonly authorization: string | undefined;
  readonly sessionCookie: string | undefined;
  /** Whether `Authorization: Basic` counts here: only on the Prometheus API (`/api/v1/*`). */
  readonly allowBasic: boolean;
}

/** What authentication reads: the stores of every kind of credential. */
export interface AuthDeps {
  readonly sessions: SessionStore;
  readonly fleet: FleetRegistry;
  readonly apiTokens: ApiTokenStore;
  readonly users: Pick<UserStore, 'get'>;
  readonly basicAuth: BasicAuthVerifier;
}

/**
 * Resolves who is asking from a request's credentials: a bearer API token (`sht_…`, a user
 * principal with the token's role, never above its creator's current role), a bearer harvester
 * credential (`shc_…`), Basic auth where allowed, or a session cookie. An `Authorization` header,
 * when present, decides alone. Returns undefined when nothing valid was presented.
 * Basic auth may run a password check (~30 ms), hence the promise.
 */
export async function authenticate(
  creds: Credentials,
  deps: AuthDeps,
  now: number,
): Promise<Principal | undefined> {
  const header = creds.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer !== undefined) {
    if (looksLikeApiToken(bearer)) return tokenPrincipal(bearer, deps, now);
    const h = deps.fleet.authenticate(bearer);
    return h ? { kind: 'harvester', id: h.id, name: h.name } : undefined;
  }
  if (/^Basic\s/i.test(header)) {
    if (!creds.allowBasic) return undefined;
    const user = await deps.basicAuth.verify(header, now);
    // Basic credentials come with every request, like a token: no cookie, so no CSRF exposure.
    return user
      ? { kind: 'user', name: user.name, role: user.role, teams: user.teams, via: 'basic' }
      : undefined;
  }
  if (creds.sessionCookie) {
    const s = deps.sessions.lookup(creds.sessionCookie, now);
    // Role and teams come from the user as it is now: a demoted or removed user loses access at once.
    const user = s && deps.users.get(s.user);
    if (user) return { kind: 'user', name: user.name, role: user.role, teams: user.teams, via: 'session' };
  }
  return undefined;
}

function tokenPrincipal(token: string, deps: AuthDeps, now: number): Principal | undefined {
  const t = deps.apiTokens.authenticate(token, now);
  const creator = t && deps.users.get(t.creator);
  if (!t || !creator) return undefined;
  const role = ROLES.indexOf(t.role) >= ROLES.indexOf(creator.role) ? t.role : creator.role;
  // A token sees what its creator sees: an admin's token (whatever its role) spans every team.
  const teams = creator.role === 'admin' ? [ALL_TEAMS] : creator.teams;
  return { kind: 'user', name: creator.name, role, teams, via: 'token' };
}

/**
 * Cookie-authenticated writes must carry `X-Seahawks-CSRF`: a custom header cannot be sent
 * cross-site without a CORS preflight, which the nester never grants. Bearer and Basic callers
 * are exempt.
 */
export function needsCsrfHeader(method: string, principal: Principal): boolean {
  const safe = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  return !safe && principal.kind === 'user' && principal.via === 'session';
}

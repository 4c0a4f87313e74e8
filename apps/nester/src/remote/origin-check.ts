import type { FastifyRequest } from 'fastify';

/**
 * Whether a browser WebSocket comes from the nester's own pages: its `Origin` must name the
 * host (and port) the request was sent to. Browsers always send `Origin` on WebSockets and
 * pages cannot forge it, so a page elsewhere cannot ride the user's cookie into a terminal
 * (cross-site WebSocket hijacking, MeshCentral's CVE-2024-26135). Requests carrying a bearer
 * token instead of the cookie (the CLI) need no `Origin`, but one that is present must match.
 * Returns the reason for refusing, or undefined.
 */
export function originProblem(req: FastifyRequest): string | undefined {
  const origin = req.headers.origin;
  const host = req.headers.host;
  const viaCookie = req.principal?.kind === 'user' && req.principal.via === 'session';
  if (origin === undefined || origin === '') {
    return viaCookie ? 'cannot open a session: no Origin header' : undefined;
  }
  if (host === undefined) return 'cannot open a session: no Host header';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `cannot open a session from Origin ${origin}: not a URL`;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.host !== host.toLowerCase()) {
    return `cannot open a session from Origin ${origin}: not this nester (${host})`;
  }
  return undefined;
}

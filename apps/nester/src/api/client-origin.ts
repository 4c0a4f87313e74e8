import type { FastifyReply, FastifyRequest } from 'fastify';
import { TrustedProxies } from '../auth/client-address.js';
import type { ClientOrigin } from '../auth/client-address.js';
import { SESSION_COOKIE } from '../auth/authenticate.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import type { AppDeps } from './deps.js';
import { rateKey } from './join-routes.js';

// Built once per app from the frozen config, like the scoped query services (scoped.ts).
const proxies = new WeakMap<AppDeps, TrustedProxies>();
const throttles = new WeakMap<AppDeps, LoginThrottle>();

/** Where a request comes from: its client address and whether the browser spoke HTTPS. */
export function clientOrigin(req: FastifyRequest, deps: AppDeps): ClientOrigin {
  let trusted = proxies.get(deps);
  if (!trusted) proxies.set(deps, (trusted = new TrustedProxies(deps.config.auth.trustedProxies)));
  return trusted.origin({
    peer: req.socket.remoteAddress ?? req.ip,
    encrypted: req.protocol === 'https',
    forwardedFor: req.headers['x-forwarded-for'],
    forwardedProto: req.headers['x-forwarded-proto'],
  });
}

/** The key failed logins are counted under: the address, or its /64 for IPv6. */
export function throttleAddress(origin: ClientOrigin): string {
  return rateKey(origin.address);
}

/** The app's login throttle: the injected one, or one made on first use. */
export function loginThrottleOf(deps: AppDeps): LoginThrottle {
  if (deps.loginThrottle) return deps.loginThrottle;
  let t = throttles.get(deps);
  if (!t) throttles.set(deps, (t = new LoginThrottle()));
  return t;
}

/**
 * Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), Secure whenever the browser reached us over HTTPS, directly or through a trusted
 * proxy, and a lifetime that ends with the session's absolute limit.
 */
export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  origin: ClientOrigin,
  deps: AppDeps,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: origin.https,
    path: '/',
    maxAge: Math.floor(deps.sessions.sessionLimits.absoluteMs / 1000),
  });
}

/** Clears the session cookie with the attributes it was set with. */
export function clearSessionCookie(reply: FastifyReply, origin: ClientOrigin): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: origin.https });
}

/** The public id of the session the request came with, when it came with a cookie. */
export function currentSessionId(req: FastifyRequest, deps: AppDeps): string | undefined {
  const token = req.cookies[SESSION_COOKIE];
  return token === undefined ? undefined : deps.sessions.idOf(token);
}

import type { JsonValue } from './messages.js';
import { describe, fail, readJson, readObject, readString } from './validate.js';

/** The control connection's path on the harvester port. */
export const CONTROL_PATH = '/tunnel/v1/control';
/** The CA certificate's path (PEM, no authentication). */
export const CA_PATH = '/tunnel/v1/ca';
/** Prefix of a session socket's path; the one-time token follows. */
export const SESSION_PATH_PREFIX = '/tunnel/v1/session/';
/** The request that asks a harvester to dial a session socket. */
export const OPEN_SESSION_METHOD = 'open_session';

/** A one-time session token: 32 random bytes, base64url without padding. */
export const SESSION_TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
/** A session kind (`echo`, `terminal`, `desktop`, `exec`, …). */
export const SESSION_KIND_RE = /^[a-z][a-z0-9_]{0,31}$/;

/** Params of `request` `open_session`: dial `SESSION_PATH_PREFIX + token` and serve `kind` on it. */
export interface OpenSessionParams {
  readonly token: string;
  readonly kind: string;
  /** Kind-specific parameters (a terminal's size, a desktop's display). */
  readonly params: { readonly [key: string]: JsonValue };
}

/**
 * Validates `open_session` params. Throws `InvalidInputError` naming the field
 * (`cannot decode tunnel frame: open_session.token: …`).
 */
export function parseOpenSessionParams(value: JsonValue): OpenSessionParams {
  const o = readObject(value, OPEN_SESSION_METHOD, ['token', 'kind', 'params']);
  const params = readJson(o.params, `${OPEN_SESSION_METHOD}.params`);
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    fail(`${OPEN_SESSION_METHOD}.params`, `expected an object, got ${describe(params)}`);
  }
  return {
    token: readString(o.token, `${OPEN_SESSION_METHOD}.token`, 43, SESSION_TOKEN_RE),
    kind: readString(o.kind, `${OPEN_SESSION_METHOD}.kind`, 32, SESSION_KIND_RE),
    params: params,
  };
}

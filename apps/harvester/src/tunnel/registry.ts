import { OPEN_SESSION_METHOD } from '@seahawks/protocol';
import { echoSession } from './echo-session.js';
import type { RequestHandler, RequestHandlers, SessionHandler, SessionHandlers } from './handlers.js';
import { openSessionHandler } from './open-session.js';

/**
 * The request methods a harvester answers. A new method is one file exporting a
 * `RequestHandler` and one line here.
 */
export function defaultRequestHandlers(): RequestHandlers {
  return new Map<string, RequestHandler>([[OPEN_SESSION_METHOD, openSessionHandler]]);
}

/** The session kinds a harvester serves; `terminal`, `desktop` and `exec` join `echo` here. */
export function defaultSessionHandlers(): SessionHandlers {
  return new Map<string, SessionHandler>([['echo', echoSession]]);
}

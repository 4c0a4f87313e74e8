import type { JsonValue } from '@seahawks/protocol';
import type { Logger } from '../queue/index.js';
import type { WebSocket } from 'ws';
import type { TunnelTransport } from './transport.js';

/** What a request handler may use: how to dial the nester again (sessions), and the log. */
export interface RequestContext {
  /** The nester's base URL, `https://host:5000`. */
  readonly nester: string;
  readonly credential: string;
  readonly transport: TunnelTransport;
  readonly sessions: SessionHandlers;
  readonly logger: Logger;
}

/**
 * Answers one `request` method from the nester. Resolves with the reply's result; a thrown
 * error becomes the reply's error (its `code` when it is a `SeahawksError`). The params are
 * hostile input: validate them.
 */
export type RequestHandler = (params: JsonValue, ctx: RequestContext) => Promise<JsonValue>;

/** Request methods by name: one handler per file, registered here without a central switch. */
export type RequestHandlers = ReadonlyMap<string, RequestHandler>;

/**
 * Serves one session socket of a kind (`echo`, later `terminal`, `desktop`, `exec`) once it is
 * open. Owns the socket from then on. `params` are the nester's, validated by the handler.
 */
export type SessionHandler = (
  socket: WebSocket,
  params: { readonly [key: string]: JsonValue },
  logger: Logger,
) => void;

/** Session kinds by name. */
export type SessionHandlers = ReadonlyMap<string, SessionHandler>;

import { describeError, SeahawksError } from '@seahawks/model';
import { MAX_FRAME_BYTES, parseOpenSessionParams, SESSION_PATH_PREFIX } from '@seahawks/protocol';
import { WebSocket } from 'ws';
import { HARVESTER_VERSION } from '../version.js';
import { describeConnectError } from './connect-errors.js';
import type { RequestHandler } from './handlers.js';

/** How long dialling a session socket may take, ms (the nester's token lives 10 s). */
const DIAL_TIMEOUT_MS = 8000;

/** A session could not be opened; the nester gets the code and the message. */
export class SessionOpenError extends SeahawksError {
  constructor(
    code: 'unknown_session_kind' | 'session_dial_failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * The masking key of every frame on a session socket: zero, which `ws` takes as "do not mask"
 * (and the nester's `ws` as "do not unmask"). RFC 6455 masks client frames so that a script in
 * a browser cannot choose the bytes a transparent proxy sees; a session socket is always inside
 * TLS to the pinned nester, where no intermediary sees them at all. XOR-ing a desktop's 100+ MB/s
 * in JavaScript on both ends was the largest CPU cost of the tunnel
 * (docs/decisions/0014-unmasked-session-frames.md).
 */
function unmasked(mask: Buffer): void {
  mask.fill(0);
}

/**
 * `open_session {token, kind, params}`: dials `/tunnel/v1/session/<token>` with the same pinned
 * TLS, proxy and credential as the control connection, hands the open socket to the kind's
 * handler, and replies `{}` (or an error: unknown kind, refused token, unreachable nester).
 */
export const openSessionHandler: RequestHandler = async (raw, ctx) => {
  const { token, kind, params } = parseOpenSessionParams(raw);
  const serve = ctx.sessions.get(kind);
  if (!serve) {
    throw new SessionOpenError(
      'unknown_session_kind',
      `cannot open ${kind} session: this harvester has no such kind`,
    );
  }
  const url = new URL(SESSION_PATH_PREFIX + token, ctx.nester);
  url.protocol = 'wss:';
  const socket = new WebSocket(url, {
    ...ctx.transport.tls,
    agent: ctx.transport.webSocketAgent(),
    headers: {
      authorization: `Bearer ${ctx.credential}`,
      'user-agent': `seahawks-harvester/${HARVESTER_VERSION}`,
    },
    handshakeTimeout: DIAL_TIMEOUT_MS,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    generateMask: unmasked,
  });
  let opened = false;
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string, cause?: unknown): void =>
      reject(new SessionOpenError('session_dial_failed', `cannot open ${kind} session: ${why}`, { cause }));
    socket.once('open', () => {
      opened = true;
      resolve();
    });
    socket.once('unexpected-response', (req, res) => {
      req.destroy();
      fail(`the nester answered HTTP ${res.statusCode ?? 0} to the session socket`);
    });
    // One listener for the socket's whole life: ws may emit more than one error.
    socket.on('error', (err: Error) => {
      if (opened) ctx.logger('warn', `${kind} session failed: ${describeError(err)}`);
      else fail(describeConnectError(err, ctx.transport.caSource), err);
    });
  });
  serve(socket, params, ctx.logger);
  return {};
};

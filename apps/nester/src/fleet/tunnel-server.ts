import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import {
  CA_PATH,
  CLOSE_CODES,
  CONTROL_PATH,
  MAX_FRAME_BYTES,
  SESSION_PATH_PREFIX,
  SESSION_TOKEN_RE,
} from '@seahawks/protocol';
import type { PendingSession } from './session-broker.js';
import type { TunnelHub } from './tunnel-hub.js';

/** What the tunnel's routes need. */
export interface TunnelRouteDeps {
  readonly hub: TunnelHub;
  /** The CA certificate harvesters pin, PEM. */
  readonly caPem: string;
}

/** Paths on the harvester port that answer without a harvester credential. */
export const TUNNEL_PUBLIC_PATHS: readonly string[] = [CA_PATH];

/**
 * The tunnel's endpoints on the harvester port (docs/decisions/0004-tunnel.md):
 * `GET /tunnel/v1/ca` (PEM, no authentication), the control WebSocket `GET /tunnel/v1/control`
 * and session sockets `GET /tunnel/v1/session/:token`. The app's `onRequest` hook has already
 * answered 401 to an upgrade without a valid harvester credential; a session socket also needs a
 * live one-time token issued to that same harvester (401 otherwise, before any upgrade).
 * Frames above `MAX_FRAME_BYTES` are refused by `ws` itself (close 1009).
 */
export async function registerTunnelRoutes(app: FastifyInstance, deps: TunnelRouteDeps): Promise<void> {
  await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  // Claimed tokens between the pre-upgrade check and the upgraded handler, by raw request.
  const sessions = new WeakMap<object, PendingSession>();
  app.get(CA_PATH, (_req, reply) => reply.type('application/x-pem-file').send(deps.caPem));

  app.get(CONTROL_PATH, { websocket: true }, (socket, req) => {
    const p = req.principal;
    // Unreachable behind the app's hook; kept so this route is never open on its own.
    if (p?.kind !== 'harvester')
      return socket.close(CLOSE_CODES.invalidFrame, 'harvester credential required');
    deps.hub.attach(socket, { id: p.id, name: p.name });
  });

  app.get<{ Params: { token: string } }>(
    `${SESSION_PATH_PREFIX}:token`,
    {
      websocket: true,
      preHandler: async (req, reply) => {
        const p = req.principal;
        const token = req.params.token;
        const pending =
          p?.kind === 'harvester' && SESSION_TOKEN_RE.test(token)
            ? deps.hub.claimSession(token, p.name)
            : undefined;
        if (!pending) {
          await reply.code(401).send({ error: 'cannot open session: unknown, used or expired token' });
          return reply;
        }
        sessions.set(req.raw, pending);
      },
    },
    (socket, req) => {
      const pending = sessions.get(req.raw);
      sessions.delete(req.raw);
      if (!pending) return socket.close(CLOSE_CODES.invalidFrame, 'cannot open session: no claimed token');
      pending.deliver(socket);
    },
  );
}

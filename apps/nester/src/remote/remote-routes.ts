import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { registerAuditRoutes } from './audit-routes.js';
import type { RemoteDeps } from './remote-deps.js';
import { registerRunRoutes } from './run-routes.js';
import { registerSessionRoutes } from './session-routes.js';

/** Largest browser message accepted on a session socket (noVNC and xterm send far less). */
const MAX_BROWSER_MESSAGE = 1024 * 1024;

/**
 * Remote maintenance on the UI port (docs/remote.md): terminal and desktop sockets, run-command,
 * the audit log and recordings. The WebSocket plugin is registered inside this plugin only, so
 * no other route of the app can be upgraded.
 */
export async function registerRemoteRoutes(app: FastifyInstance, deps: RemoteDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(websocket, {
      options: { maxPayload: MAX_BROWSER_MESSAGE, perMessageDeflate: false },
    });
    registerSessionRoutes(scope, deps);
    registerRunRoutes(scope, deps);
    registerAuditRoutes(scope, deps);
  });
}

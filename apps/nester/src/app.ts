import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CSRF_HEADER, needsCsrfHeader } from './auth/authenticate.js';
import { registerAdminTsdbRoutes } from './api/admin-tsdb-routes.js';
import { registerJoinRoutes } from './api/join-routes.js';
import { registerAuthRoutes } from './api/auth-routes.js';
import { registerAccountRoutes } from './api/account-routes.js';
import { registerEnrollmentRoutes } from './api/enrollment-routes.js';
import { registerSecurityHeaders } from './api/security-headers.js';
import { registerUsersRoutes } from './api/users-routes.js';
import type { AppDeps } from './api/deps.js';
import { registerFleetRoutes } from './api/fleet-routes.js';
import { baseApp } from './api/http-base.js';
import { registerPromMetaRoutes } from './api/prom-meta-routes.js';
import { registerPromMetadataRoutes } from './api/prom-metadata-routes.js';
import { registerPromQueryRoutes } from './api/prom-query-routes.js';
import { registerPromRulesRoutes } from './api/prom-rules-routes.js';
import { registerAlertingRoutes } from './alerting/alerting-routes.js';
import { registerPromStatusRoutes } from './api/prom-status-routes.js';
import { registerRemoteReadRoutes } from './api/remote-read-routes.js';
import { registerTokenRoutes } from './api/token-routes.js';
import { registerWriteRoutes } from './api/write-routes.js';
import type { JoinTokenStore } from './fleet/join-tokens.js';
import type { Pki } from './fleet/pki.js';
import type { TunnelHub } from './fleet/tunnel-hub.js';
import { registerTunnelRoutes, TUNNEL_PUBLIC_PATHS } from './fleet/tunnel-server.js';
import type { RemoteDeps } from './remote/remote-deps.js';
import { registerRemoteRoutes } from './remote/remote-routes.js';
import { NESTER_VERSION } from './version.js';

/** The join endpoint: its body carries a join token instead of a credential. */
const JOIN_PATH = '/tunnel/v1/join';

const PUBLIC_API = new Set(['/healthz', '/api/auth/login']);

/**
 * The nester's HTTP app on the UI port (8080), without `listen()`, for in-process tests.
 * Nothing but the login call, the health check and the UI's static files answers without
 * authentication; cookie-authenticated writes need the CSRF header.
 */
export async function buildApp(deps: AppDeps, remote?: RemoteDeps): Promise<FastifyInstance> {
  const app = await baseApp(deps);
  registerSecurityHeaders(app);
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    const isApi = path.startsWith('/api/') || path === '/write' || path === '/metrics';
    if (!isApi || PUBLIC_API.has(path)) return;
    const p = req.principal;
    if (!p) {
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="seahawks"')
        .send({ error: 'authentication required' });
      return reply;
    }
    if (needsCsrfHeader(req.method, p) && req.headers[CSRF_HEADER] !== '1') {
      await reply
        .code(403)
        .send({ error: `cannot accept a cookie-authenticated ${req.method}: missing ${CSRF_HEADER} header` });
      return reply;
    }
    if (p.kind === 'harvester' && !(path === '/api/v1/write' || path === '/write')) {
      await reply.code(403).send({ error: 'harvester credentials can only write metrics' });
      return reply;
    }
  });
  registerAuthRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerUsersRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerEnrollmentRoutes(app, deps);
  registerFleetRoutes(app, deps);
  registerWriteRoutes(app, deps);
  registerPromQueryRoutes(app, deps);
  registerPromMetaRoutes(app, deps);
  registerPromMetadataRoutes(app, deps);
  registerPromStatusRoutes(app, deps, NESTER_VERSION);
  registerPromRulesRoutes(app, deps);
  registerAlertingRoutes(app, deps);
  registerRemoteReadRoutes(app, deps);
  registerAdminTsdbRoutes(app, deps);
  app.get('/metrics', (_req, reply) => reply.type('text/plain; version=0.0.4').send(deps.selfMetrics()));
  // Terminal, desktop, run-command and audit (docs/remote.md); absent in tests of other parts.
  if (remote) await registerRemoteRoutes(app, remote);
  await registerWebUi(app, deps.config.webRoot);
  return app;
}

/** The tunnel side of the harvester endpoint (docs/decisions/0004-tunnel.md). */
export interface AgentTunnel {
  /** The TLS identity the endpoint serves and the CA harvesters pin. */
  readonly pki: Pki;
  readonly hub: TunnelHub;
  /** Join tokens; with them the endpoint serves `POST /tunnel/v1/join`. */
  readonly joinTokens?: JoinTokenStore;
}

/** Paths of the harvester endpoint that carry no harvester credential (their own checks apply). */
const PUBLIC_AGENT_PATHS = new Set(['/healthz', JOIN_PATH, ...TUNNEL_PUBLIC_PATHS]);

/**
 * The harvester endpoint (5000): HTTPS with the nester's certificate, `/api/v1/write`, and the
 * tunnel (CA, join, control and session WebSockets). Everything but the public paths needs a
 * harvester credential, upgrades included (401 before any WebSocket exists). Without `tunnel`
 * (tests of the HTTP layer through `inject`) it is plain HTTP with the write route only.
 */
export async function buildAgentApp(deps: AppDeps, tunnel?: AgentTunnel): Promise<FastifyInstance> {
  const tls = tunnel && { cert: tunnel.pki.certPem, key: tunnel.pki.keyPem };
  const app = await baseApp(deps, tls);
  app.addHook('onRequest', async (req, reply) => {
    if (PUBLIC_AGENT_PATHS.has(req.url.split('?')[0]!)) return;
    if (req.principal?.kind !== 'harvester') {
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="seahawks-agent"')
        .send({ error: 'harvester credential required' });
      return reply;
    }
  });
  registerWriteRoutes(app, deps);
  if (tunnel) {
    await registerTunnelRoutes(app, { hub: tunnel.hub, caPem: tunnel.pki.caPem });
    if (tunnel.joinTokens) registerJoinRoutes(app, { ...deps, joinTokens: tunnel.joinTokens });
  }
  return app;
}

async function registerWebUi(app: FastifyInstance, configured: string): Promise<void> {
  const root = configured !== '' ? configured : fileURLToPath(new URL('../../web/dist/', import.meta.url));
  if (!existsSync(root)) {
    app.log.warn({ root }, 'web UI not built: run `npm run build`; serving the API only');
    return;
  }
  await app.register(fastifyStatic, { root, index: ['index.html'], wildcard: false });
}

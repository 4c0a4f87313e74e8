import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CSRF_HEADER, needsCsrfHeader } from './auth/authenticate.js';
import { registerAgentRoutes } from './api/agent-routes.js';
import { registerAuthRoutes } from './api/auth-routes.js';
import type { AppDeps } from './api/deps.js';
import { registerFleetRoutes } from './api/fleet-routes.js';
import { baseApp } from './api/http-base.js';
import { registerPromMetaRoutes } from './api/prom-meta-routes.js';
import { registerPromMetadataRoutes } from './api/prom-metadata-routes.js';
import { registerPromQueryRoutes } from './api/prom-query-routes.js';
import { registerPromRulesRoutes } from './api/prom-rules-routes.js';
import { registerPromStatusRoutes } from './api/prom-status-routes.js';
import { registerRemoteReadRoutes } from './api/remote-read-routes.js';
import { registerTokenRoutes } from './api/token-routes.js';
import { registerWriteRoutes } from './api/write-routes.js';
import { NESTER_VERSION } from './version.js';

const PUBLIC_API = new Set(['/healthz', '/api/auth/login']);

/**
 * The nester's HTTP app on the UI port (8080), without `listen()`, for in-process tests.
 * Nothing but the login call, the health check and the UI's static files answers without
 * authentication; cookie-authenticated writes need the CSRF header.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = await baseApp(deps);
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
    if (
      p.kind === 'harvester' &&
      !(path === '/api/v1/write' || path === '/write' || path === '/api/agent/hello')
    ) {
      await reply.code(403).send({ error: 'harvester credentials can only write metrics' });
      return reply;
    }
  });
  registerAuthRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerFleetRoutes(app, deps);
  registerWriteRoutes(app, deps);
  registerAgentRoutes(app, deps);
  registerPromQueryRoutes(app, deps);
  registerPromMetaRoutes(app, deps);
  registerPromMetadataRoutes(app, deps);
  registerPromStatusRoutes(app, deps, NESTER_VERSION);
  registerPromRulesRoutes(app, deps);
  registerRemoteReadRoutes(app, deps);
  app.get('/metrics', (_req, reply) => reply.type('text/plain; version=0.0.4').send(deps.selfMetrics()));
  await registerWebUi(app, deps.config.webRoot);
  return app;
}

/**
 * The harvester endpoint (5000): only harvester credentials, only their calls. The tunnel issue
 * replaces it with TLS + WebSocket; the routes behind it stay the same.
 */
export async function buildAgentApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = await baseApp(deps);
  app.addHook('onRequest', async (req, reply) => {
    if (req.url === '/healthz') return;
    if (req.principal?.kind !== 'harvester') {
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="seahawks-agent"')
        .send({ error: 'harvester credential required' });
      return reply;
    }
  });
  registerWriteRoutes(app, deps);
  registerAgentRoutes(app, deps);
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

import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { authenticate, SESSION_COOKIE } from '../auth/authenticate.js';
import { BasicAuthVerifier } from '../auth/basic-auth.js';
import type { Principal } from '../auth/roles.js';
import type { AppDeps } from './deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, resolved once per request; undefined when unauthenticated. */
    principal: Principal | undefined;
  }
}

/** TLS identity of a listener (PEM). */
export interface TlsIdentity {
  readonly cert: string;
  readonly key: string;
}

/**
 * A Fastify instance with what every nester listener shares: the logger, body parsers (raw bytes
 * for protobuf, JSON, forms), cookies, principal resolution, and 400s for oversized bodies.
 * With `tls`, the listener speaks HTTPS only.
 */
export async function baseApp(deps: AppDeps, tls?: TlsIdentity): Promise<FastifyInstance> {
  const options = {
    loggerInstance: deps.logger,
    bodyLimit: deps.config.ingest.maxBodyBytes,
    // Harvesters push every interval: a log line per request would drown everything else.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
  };
  // The routes are written against the HTTP instance type; an HTTPS server serves them alike.
  const app = tls
    ? (Fastify({ ...options, https: { cert: tls.cert, key: tls.key } }) as unknown as FastifyInstance)
    : Fastify(options);
  await app.register(cookie);
  await app.register(formbody);
  // remote_write bodies (and anything not JSON or a form) arrive as raw bytes.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.decorateRequest('principal', undefined);
  const authDeps = { ...deps, basicAuth: new BasicAuthVerifier(deps.users) };
  app.addHook('onRequest', async (req) => {
    req.principal = await authenticate(
      {
        authorization: req.headers.authorization,
        sessionCookie: req.cookies[SESSION_COOKIE],
        // Basic auth only where Grafana's datasource and Prometheus clients need it.
        allowBasic: req.url.startsWith('/api/v1/'),
      },
      authDeps,
      deps.clock(),
    );
  });
  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .code(400)
        .type('text/plain')
        .send(
          `cannot accept request body: larger than the limit of ${deps.config.ingest.maxBodyBytes} bytes`,
        );
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) deps.logger.error({ err, url: req.url }, 'request failed');
    return reply.code(status).send({ error: status >= 500 ? 'internal error' : err.message });
  });
  app.get('/healthz', (_req, reply) => reply.type('text/plain').send('ok\n'));
  return app;
}

import type { FastifyReply } from 'fastify';
import type { AppDeps } from './deps.js';
import { classifyError } from './errors.js';

/** Sends `{status:"success", data}` as the Prometheus HTTP API does. */
export function sendPromData(reply: FastifyReply, data: unknown, warnings?: string[]): FastifyReply {
  return reply.send(
    warnings && warnings.length > 0 ? { status: 'success', data, warnings } : { status: 'success', data },
  );
}

/** Sends `{status:"error", errorType, error}` with the status the error's class calls for. */
export function sendPromError(
  reply: FastifyReply,
  err: unknown,
  deps: Pick<AppDeps, 'logger'>,
): FastifyReply {
  const c = classifyError(err);
  if (c.internal) deps.logger.error({ err }, c.message);
  return reply.code(c.status).send({ status: 'error', errorType: c.errorType, error: c.message });
}

/** Sends `{error}` for the nester's own `/api/*` endpoints. */
export function sendApiError(reply: FastifyReply, err: unknown, deps: Pick<AppDeps, 'logger'>): FastifyReply {
  const c = classifyError(err);
  if (c.internal) deps.logger.error({ err }, c.message);
  return reply.code(c.status).send({ error: c.message });
}

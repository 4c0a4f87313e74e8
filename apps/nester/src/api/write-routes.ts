import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { teamOf } from '../auth/access.js';
import { can } from '../auth/roles.js';
import { DecodePool } from '../ingest/decode-pool.js';
import { ingestRemoteWriteColumns } from '../ingest/remote-write.js';
import type { AppDeps } from './deps.js';
import { classifyError } from './errors.js';

/**
 * Prometheus remote_write 1.0 at `/api/v1/write` (and `/write`, for configs written for the
 * seeds' TimescaleDB adapter). 204 once durable; 400 for bad data (senders must not retry);
 * 403 for a harvester writing another's series; 5xx when the store cannot take it (they retry).
 */
export function registerWriteRoutes(app: FastifyInstance, deps: AppDeps): void {
  // Decoding runs on threads beside the main one, which then only appends (ingest/decode-pool.ts).
  const pool = new DecodePool();
  app.addHook('onClose', () => pool.close());
  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const p = req.principal;
    if (!p || !can(p, 'write_metrics')) {
      return reply.code(403).type('text/plain').send('cannot write metrics: not allowed for this principal');
    }
    if (!Buffer.isBuffer(req.body)) {
      return reply.code(400).type('text/plain').send('cannot decode remote_write request: empty body');
    }
    try {
      const h = p.kind === 'harvester' ? deps.fleet.get(p.id) : undefined;
      const writer = h && { instance: h.name, team: teamOf(h.labels) };
      if (p.kind === 'harvester' && !writer) {
        return reply
          .code(401)
          .type('text/plain')
          .send('cannot write metrics: this harvester is no longer enrolled');
      }
      const encoding = req.headers['content-encoding'];
      const outcome = await ingestRemoteWriteColumns(
        pool,
        req.body,
        encoding,
        deps.appender,
        deps.config.ingest,
        writer,
      );
      if (h) deps.fleet.touch(h, deps.clock());
      if (outcome.result.firstError !== undefined) {
        // As Prometheus does: the rest of the batch is stored, and the sender hears 400 so it
        // does not retry samples that can never be accepted.
        return reply.code(400).type('text/plain').send(outcome.result.firstError);
      }
      return reply.code(204).send();
    } catch (err) {
      const c = classifyError(err);
      if (c.internal) deps.logger.error({ err }, c.message);
      else deps.logger.debug({ err, principal: p }, 'refused remote_write request');
      return reply.code(c.status).type('text/plain').send(c.message);
    }
  };
  app.post('/api/v1/write', handler);
  app.post('/write', handler);
}

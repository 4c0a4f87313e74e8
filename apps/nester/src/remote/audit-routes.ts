import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseApiTime } from '@seahawks/model';
import { canOperateHarvester, canSeeHarvester } from '../auth/access.js';
import { can } from '../auth/roles.js';
import { auditCsv, auditJsonLines } from './audit-export.js';
import type { AuditEntry } from './audit-types.js';
import type { RemoteDeps } from './remote-deps.js';

const listQuery = z
  .object({
    since: z.string().optional(),
    until: z.string().optional(),
    user: z.string().max(64).optional(),
    harvester: z.string().max(253).optional(),
    kind: z.enum(['terminal', 'desktop', 'run']).optional(),
    outcome: z.enum(['open', 'ok', 'failed', 'denied', 'cancelled', 'timeout', 'interrupted']).optional(),
    limit: z.coerce.number().int().min(1).max(100_000).default(1000),
    format: z.enum(['json', 'jsonl', 'csv']).default('json'),
  })
  .strict();

/**
 * The audit log: `GET /api/audit` (filters `since`, `until` as RFC 3339 or Unix seconds, `user`,
 * `harvester`, `kind`, `outcome`, `limit`; `format=json|jsonl|csv`, the latter two as
 * downloads), `GET /api/audit/:id`, `GET /api/audit/:id/recording` (asciicast v2). Admins see
 * every entry; others their own and those on harvesters they can see.
 * `GET /api/remote/access/:name` tells the UI what the user may open there;
 * `GET|PUT /api/remote/recording` reads and (admins) sets the per-team recording switch.
 */
export function registerAuditRoutes(app: FastifyInstance, deps: RemoteDeps): void {
  app.get('/api/audit', (req, reply) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({
        error: `cannot list the audit log: ${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`,
      });
    }
    const { format, since, until, ...q } = parsed.data;
    let bounds: { since?: number; until?: number };
    try {
      bounds = {
        ...(since === undefined ? {} : { since: parseApiTime(since) }),
        ...(until === undefined ? {} : { until: parseApiTime(until) }),
      };
    } catch (err) {
      return reply.code(400).send({ error: `cannot list the audit log: ${(err as Error).message}` });
    }
    const entries = deps.audit.query({ ...q, ...bounds }, visibleTo(req, deps));
    const stamp = new Date(deps.clock()).toISOString().replace(/[:.]/g, '-');
    switch (format) {
      case 'json':
        return reply.send({ entries });
      case 'jsonl':
        return reply
          .type('application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="seahawks-audit-${stamp}.jsonl"`)
          .send(auditJsonLines(entries));
      case 'csv':
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="seahawks-audit-${stamp}.csv"`)
          .send(auditCsv(entries));
    }
  });

  app.get<{ Params: { id: string } }>('/api/audit/:id', (req, reply) => {
    const e = deps.audit.get(req.params.id);
    if (!e || !visibleTo(req, deps)(e))
      return reply.code(404).send({ error: `no audit entry ${req.params.id}` });
    return reply.send({ entry: e });
  });

  app.get<{ Params: { id: string } }>('/api/audit/:id/recording', async (req, reply) => {
    const e = deps.audit.get(req.params.id);
    if (!e || !visibleTo(req, deps)(e) || e.recorded !== true) {
      return reply.code(404).send({ error: `no recording for audit entry ${req.params.id}` });
    }
    try {
      const cast = await readFile(deps.audit.recordingPath(e.id), 'utf8');
      return reply
        .type('application/x-asciicast; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(cast);
    } catch (err) {
      return reply
        .code(404)
        .send({ error: `cannot read the recording of ${e.id}: ${(err as Error).message}` });
    }
  });

  app.get<{ Params: { name: string } }>('/api/remote/access/:name', (req, reply) => {
    const p = req.principal!;
    const h = deps.fleet.byName(req.params.name);
    if (!h || !canSeeHarvester(p, h.labels))
      return reply.code(404).send({ error: `no harvester ${req.params.name}` });
    const operate = canOperateHarvester(p, h.labels);
    return reply.send({ harvester: h.name, operate, online: deps.hub.isOnline(h.name) });
  });

  app.get('/api/remote/recording', (_req, reply) => reply.send(deps.recording.get()));
  const setBody = z.object({ team: z.string().nullable(), enabled: z.boolean() }).strict();
  app.put('/api/remote/recording', async (req, reply) => {
    if (!can(req.principal!, 'manage_fleet')) {
      return reply.code(403).send({ error: 'cannot change recording: admins only' });
    }
    const parsed = setBody.safeParse(req.body);
    if (!parsed.success) {
      return reply
        .code(400)
        .send({ error: 'cannot change recording: expected {team: string|null, enabled: boolean}' });
    }
    try {
      return reply.send(await deps.recording.set(parsed.data.team, parsed.data.enabled));
    } catch (err) {
      return reply.code(400).send({ error: (err as Error).message });
    }
  });
}

/** Which entries the requester may read. */
function visibleTo(req: FastifyRequest, deps: RemoteDeps): (e: AuditEntry) => boolean {
  const p = req.principal;
  if (p?.kind !== 'user') return () => false;
  if (p.role === 'admin') return () => true;
  return (e) =>
    e.user === p.name ||
    e.harvesters.some((name) => {
      const h = deps.fleet.byName(name);
      return h !== undefined && canSeeHarvester(p, h.labels);
    });
}

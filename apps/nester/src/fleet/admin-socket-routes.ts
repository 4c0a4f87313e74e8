import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InvalidInputError, parseDuration } from '@seahawks/model';
import { sendApiError } from '../api/envelope.js';
import { formatJoinCommand } from './join-command.js';
import type { JoinTokenInfo, JoinTokenStore } from './join-tokens.js';
import type { FleetRegistry } from './registry.js';

/** What the admin routes need (the admin socket's deps, minus the socket's own). */
export interface AdminRouteDeps {
  readonly joinTokens: JoinTokenStore;
  readonly fleet: FleetRegistry;
  /** Revokes a harvester's credential and drops its tunnel; false when there is no such harvester. */
  readonly revokeHarvester: (name: string) => Promise<boolean>;
  /** Names of the harvesters whose control connection is up right now. */
  readonly onlineNames: () => Set<string>;
  /** The tunnel endpoint harvesters join, e.g. https://nester.example:5000. */
  readonly tunnelUrl: string;
  /** `sha256:<hex>` of the CA's SubjectPublicKeyInfo, for the join command. */
  readonly caHash: () => string;
  readonly clock: () => number;
}

/** `POST /tokens` answer: the token (shown this once), the command to run, and the record. */
export type CreatedJoinToken = JoinTokenInfo & { readonly token: string; readonly joinCommand: string };

/** One row of `GET /harvesters`, what `seahawks nester harvesters` prints. */
export interface HarvesterRow {
  readonly name: string;
  readonly status: 'online' | 'offline';
  /** Milliseconds since the epoch; null = never heard from. */
  readonly lastSeen: number | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly os: string;
  readonly arch: string;
  readonly version: string;
}

const createBody = z
  .object({
    /** A Prometheus duration (`24h`, `7d`); `0` = never expires. */
    ttl: z.string().min(1).max(32).optional(),
    /** 0 = unlimited. */
    uses: z.number().int().min(0).max(1_000_000).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    description: z.string().max(256).optional(),
    createdBy: z.string().max(128).optional(),
  })
  .strict();

/**
 * The local administrator's routes on the admin socket: join tokens (`POST/GET /tokens`,
 * `DELETE /tokens/:id`) and harvesters (`GET /harvesters`, `POST /harvesters/:name/revoke`).
 * No authentication here on purpose: the socket's file mode is the access control.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDeps): void {
  const logDeps = { logger: app.log };
  app.post('/tokens', async (req, reply) => {
    const parsed = createBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({
        error: `cannot create join token: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
      });
    }
    try {
      const { ttl, uses, labels, description, createdBy } = parsed.data;
      const { token, info } = await deps.joinTokens.create(
        {
          ttlMs: ttl === undefined ? undefined : parseTtl(ttl),
          maxUses: uses,
          labels,
          description,
          createdBy: createdBy ?? 'local admin',
        },
        deps.clock(),
      );
      app.log.info({ token: info.id, by: info.createdBy, labels: info.labels }, 'join token created');
      const joinCommand = formatJoinCommand(deps.tunnelUrl, token, deps.caHash());
      const body: CreatedJoinToken = { ...info, token, joinCommand };
      return reply.code(201).send(body);
    } catch (err) {
      return sendApiError(reply, err, logDeps);
    }
  });
  app.get('/tokens', (_req, reply) => reply.send({ tokens: deps.joinTokens.list(deps.clock()) }));
  app.delete<{ Params: { id: string } }>('/tokens/:id', async (req, reply) => {
    try {
      if (!(await deps.joinTokens.revoke(req.params.id)))
        return reply.code(404).send({ error: `cannot revoke join token "${req.params.id}": no such token` });
      app.log.info({ token: req.params.id }, 'join token revoked');
      return reply.code(204).send();
    } catch (err) {
      return sendApiError(reply, err, logDeps);
    }
  });
  app.get('/harvesters', (_req, reply) => reply.send({ harvesters: harvesterRows(deps) }));
  app.post<{ Params: { name: string } }>('/harvesters/:name/revoke', async (req, reply) => {
    const { name } = req.params;
    try {
      if (!(await deps.revokeHarvester(name)))
        return reply.code(404).send({ error: `cannot revoke harvester "${name}": no such harvester` });
      app.log.info({ name }, 'harvester revoked');
      return reply.send({ name, revoked: true });
    } catch (err) {
      return sendApiError(reply, err, logDeps);
    }
  });
}

function harvesterRows(deps: AdminRouteDeps): HarvesterRow[] {
  const online = deps.onlineNames();
  return deps.fleet.list().map((h) => ({
    name: h.name,
    status: online.has(h.name) ? 'online' : 'offline',
    lastSeen: h.lastSeen,
    labels: h.labels,
    os: h.inventory.os ?? '',
    arch: h.inventory.arch ?? '',
    version: h.inventory.version ?? '',
  }));
}

/** `0` (or `0s`) means never; anything else is a Prometheus duration. */
function parseTtl(text: string): number {
  if (text === '0') return 0;
  try {
    return parseDuration(text);
  } catch (err) {
    throw new InvalidInputError(
      `cannot create join token: ttl "${text}": expected e.g. 24h, 7d or 0 (never)`,
      {
        cause: err,
      },
    );
  }
}

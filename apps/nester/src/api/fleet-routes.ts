import type { FastifyInstance } from 'fastify';
import { isOnline } from '../fleet/registry.js';
import type { HarvesterRecord } from '../fleet/registry.js';
import { parseDuration } from '@seahawks/model';
import { canSeeHarvester } from '../auth/access.js';
import type { AppDeps } from './deps.js';
import { scopedServices } from './scoped.js';
import { sendApiError } from './envelope.js';
import { fleetSummaries, hostFilesystems } from './fleet-summary.js';
import type { HostSummary } from './fleet-summary.js';

/**
 * `GET /api/fleet`: every harvester the user may see, with its state, inventory and at-a-glance
 * figures. `GET /api/fleet/:name`: one of them, with its filesystems, for the host page (404 when
 * it does not exist *or* the user may not see it, so names of other teams do not leak).
 */
export function registerFleetRoutes(app: FastifyInstance, deps: AppDeps): void {
  const offlineAfterMs = parseDuration(deps.config.fleet.offlineAfter);
  const onError = (query: string, err: unknown): void =>
    deps.logger.warn({ err, query }, 'cannot compute a fleet summary figure');

  const view = (h: HarvesterRecord, s: HostSummary | undefined, now: number) => {
    const bootTime = h.inventory.bootTime;
    return {
      id: h.id,
      name: h.name,
      labels: h.labels,
      online: isOnline(h, now, offlineAfterMs, deps.presence),
      lastSeen: h.lastSeen,
      inventory: h.inventory,
      summary: {
        cpu: s?.cpu ?? null,
        memory: s?.memory ?? null,
        disk: s?.disk ?? null,
        temperature: s?.temperature ?? null,
        load1: s?.load1 ?? null,
        uptimeSeconds: bootTime === undefined ? null : Math.max(0, Math.round(now / 1000 - bootTime)),
      },
    };
  };

  app.get('/api/fleet', async (req, reply) => {
    try {
      const now = deps.clock();
      const principal = req.principal!;
      const summaries = await fleetSummaries(scopedServices(deps, principal).query, now, onError);
      const visible = deps.fleet.list().filter((h) => canSeeHarvester(principal, h.labels));
      return reply.send({ harvesters: visible.map((h) => view(h, summaries.get(h.name), now)) });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.get<{ Params: { name: string } }>('/api/fleet/:name', async (req, reply) => {
    try {
      const now = deps.clock();
      const principal = req.principal!;
      const { name } = req.params;
      const h = deps.fleet.byName(name);
      if (!h || !canSeeHarvester(principal, h.labels))
        return reply.code(404).send({ error: `cannot find harvester "${name}": no such harvester` });
      const query = scopedServices(deps, principal).query;
      const [summaries, filesystems] = await Promise.all([
        fleetSummaries(query, now, onError, name),
        hostFilesystems(query, now, name).catch((err: unknown) => {
          onError('node_filesystem_size_bytes', err);
          return [];
        }),
      ]);
      return reply.send({ harvester: { ...view(h, summaries.get(name), now), filesystems } });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });
}

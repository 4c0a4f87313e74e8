import type { FastifyInstance } from 'fastify';
import { isOnline } from '../fleet/registry.js';
import { parseDuration } from '@seahawks/model';
import { canSeeHarvester } from '../auth/access.js';
import type { AppDeps } from './deps.js';
import { scopedServices } from './scoped.js';
import { sendApiError } from './envelope.js';
import { fleetSummaries } from './fleet-summary.js';

/** `GET /api/fleet`: every harvester with its state, inventory and at-a-glance figures. */
export function registerFleetRoutes(app: FastifyInstance, deps: AppDeps): void {
  const offlineAfterMs = parseDuration(deps.config.fleet.offlineAfter);
  app.get('/api/fleet', async (req, reply) => {
    try {
      const now = deps.clock();
      const principal = req.principal!;
      const summaries = await fleetSummaries(scopedServices(deps, principal).query, now, (query, err) =>
        deps.logger.warn({ err, query }, 'cannot compute a fleet summary figure'),
      );
      const visible = deps.fleet.list().filter((h) => canSeeHarvester(principal, h.labels));
      const harvesters = visible.map((h) => {
        const s = summaries.get(h.name);
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
      });
      return reply.send({ harvesters });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });
}

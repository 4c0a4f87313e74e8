import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from './deps.js';
import { sendApiError } from './envelope.js';

const text = z.string().max(256);
/** A harvester's inventory is hostile input: bounded strings and numbers only. */
const inventorySchema = z
  .object({
    hostname: text,
    os: text,
    kernel: text,
    arch: text,
    cpus: z.number().int().min(0).max(1_000_000),
    cpuModel: text,
    memoryBytes: z
      .number()
      .min(0)
      .max(2 ** 60),
    ips: z.array(z.string().max(64)).max(256),
    bootTime: z
      .number()
      .min(0)
      .max(2 ** 40),
    version: text,
  })
  .partial()
  .strict();

/** The harvester's own calls: `POST /api/agent/hello` with its inventory, at connect and on change. */
export function registerAgentRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/agent/hello', async (req, reply) => {
    const p = req.principal;
    if (p?.kind !== 'harvester') return reply.code(403).send({ error: 'cannot say hello: not a harvester' });
    const parsed = inventorySchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({
        error: `cannot accept inventory: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`,
      });
    }
    try {
      const h = deps.fleet.byName(p.name);
      if (h) await deps.fleet.setInventory(h, parsed.data, deps.clock());
      return reply.send({ name: p.name, serverTime: deps.clock() });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });
}

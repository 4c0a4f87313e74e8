import { z } from 'zod';

const text = z.string().max(256);

/**
 * A harvester's inventory as it may arrive over HTTP (the join): hostile input, so bounded
 * strings and numbers only, unknown fields refused. (The tunnel's hello is checked by the
 * protocol's own frame validation.)
 */
export const inventorySchema = z
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

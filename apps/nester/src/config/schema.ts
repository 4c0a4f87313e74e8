import { z } from 'zod';

const listen = z.object({
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
});

/** The nester's whole configuration: one schema with defaults, validated once at start, then frozen. */
export const nesterConfigSchema = z
  .object({
    /** UI, HTTP API, Prometheus API and remote_write for any sender. */
    listen: listen.default({ host: '0.0.0.0', port: 8080 }),
    /** Harvester endpoint (the tunnel issue turns it into TLS + WebSocket). */
    agentListen: listen.default({ host: '0.0.0.0', port: 5000 }),
    /** Everything the nester keeps: the store, users, credentials, fleet. */
    dataDir: z.string().min(1).default('./data'),
    /** Built web UI to serve; empty = resolved next to the nester's own install. */
    webRoot: z.string().default(''),
    storage: z
      .object({
        engine: z.literal('embedded').default('embedded'),
        retention: z.string().default('15d'),
        outOfOrderWindow: z.string().default('24h'),
      })
      .default({ engine: 'embedded', retention: '15d', outOfOrderWindow: '24h' }),
    ingest: z
      .object({
        /** Largest compressed remote_write body accepted, bytes. */
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(32 * 1024 * 1024),
        /** Largest uncompressed remote_write payload accepted, bytes. */
        maxDecodedBytes: z
          .number()
          .int()
          .positive()
          .default(256 * 1024 * 1024),
      })
      .default({ maxBodyBytes: 32 * 1024 * 1024, maxDecodedBytes: 256 * 1024 * 1024 }),
    query: z
      .object({
        lookbackDelta: z.string().default('5m'),
        timeout: z.string().default('2m'),
        maxSamples: z.number().int().positive().default(50_000_000),
      })
      .default({ lookbackDelta: '5m', timeout: '2m', maxSamples: 50_000_000 }),
    auth: z
      .object({
        sessionTtl: z.string().default('24h'),
        /** Password of the first admin, for unattended installs; generated and printed once when empty. */
        initialAdminPassword: z.string().default(''),
      })
      .default({ sessionTtl: '24h', initialAdminPassword: '' }),
    fleet: z
      .object({
        /** A harvester not heard from for this long is shown offline. */
        offlineAfter: z.string().default('30s'),
      })
      .default({ offlineAfter: '30s' }),
    /** Start and supervise a harvester on this machine, joined automatically (the quick start). */
    localHarvester: z
      .object({
        enabled: z.boolean().default(false),
        interval: z.string().default('5s'),
      })
      .default({ enabled: false, interval: '5s' }),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info') })
      .default({ level: 'info' }),
  })
  .strict();

export type NesterConfig = Readonly<z.infer<typeof nesterConfigSchema>>;

import { z } from 'zod';
import { alertingConfigSchema } from '../alerting/config-schema.js';

const listen = z.object({
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
});

/** The nester's whole configuration: one schema with defaults, validated once at start, then frozen. */
export const nesterConfigSchema = z
  .object({
    /** UI, HTTP API, Prometheus API and remote_write for any sender. */
    listen: listen.default({ host: '0.0.0.0', port: 8080 }),
    /** Harvester endpoint: HTTPS and the tunnel's WebSockets (docs/decisions/0004-tunnel.md). */
    agentListen: listen.default({ host: '0.0.0.0', port: 5000 }),
    tunnel: z
      .object({
        /**
         * DNS names and IP addresses the generated server certificate covers. Default: the
         * hostname, `localhost`, `127.0.0.1`, `::1` and the machine's addresses.
         */
        serverNames: z.array(z.string().min(1).max(253)).min(1).optional(),
        /** Operator-supplied TLS files (PEM) instead of the generated CA in `<dataDir>/pki/`. */
        tls: z
          .object({ certFile: z.string().min(1), keyFile: z.string().min(1), caFile: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    /** Everything the nester keeps: the store, users, credentials, fleet. */
    dataDir: z.string().min(1).default('./data'),
    /** Built web UI to serve; empty = resolved next to the nester's own install. */
    webRoot: z.string().default(''),
    storage: z
      .object({
        /** `embedded`: files in `dataDir`; `postgres`: PostgreSQL/TimescaleDB (docs/postgres.md). */
        engine: z.enum(['embedded', 'postgres']).default('embedded'),
        retention: z.string().default('15d'),
        /**
         * Embedded engine only: largest size of the store on disk, like Prometheus'
         * `--storage.tsdb.retention.size` (`50GB`; units B, KB, MB, GB, TB, PB), `0` for none.
         */
        retentionSize: z
          .string()
          .regex(/^(0|\d+(\.\d+)?\s*(B|KB|MB|GB|TB|PB))$/i, 'must be a size such as 50GB, or 0')
          .default('0'),
        /** Embedded engine only: the PostgreSQL engine takes any sample inside retention. */
        outOfOrderWindow: z.string().default('24h'),
        /** The PostgreSQL engine's database; required when `engine` is `postgres`. */
        postgres: z
          .object({
            /** `postgres://user@host:5432/db`; the password may come from PGPASSWORD or ~/.pgpass. */
            url: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://'),
            /** Connections at most. */
            poolSize: z.number().int().min(1).max(1000).default(8),
          })
          .strict()
          .optional(),
      })
      .refine((s) => s.engine !== 'postgres' || s.postgres !== undefined, {
        message: 'storage.postgres.url is required when storage.engine is postgres',
        path: ['postgres'],
      })
      .default({ engine: 'embedded', retention: '15d', retentionSize: '0', outOfOrderWindow: '24h' }),
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
        /** A session's absolute lifetime, whatever its activity. */
        sessionTtl: z.string().default('24h'),
        /** A session ends after this long without any request. */
        sessionIdleTimeout: z.string().default('2h'),
        /** Password of the first admin, for unattended installs; generated and printed once when empty. */
        initialAdminPassword: z.string().default(''),
        /**
         * Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For and X-Forwarded-Proto
         * are believed: the client address for the login throttle, HTTPS for Secure cookies.
         */
        trustedProxies: z.array(z.string().min(1).max(64)).max(256).default([]),
      })
      .default({ sessionTtl: '24h', sessionIdleTimeout: '2h', initialAdminPassword: '', trustedProxies: [] }),
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
    /** Rule evaluation and notifications (docs/alerting.md). */
    alerting: alertingConfigSchema.default(alertingConfigSchema.parse({})),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info') })
      .default({ level: 'info' }),
  })
  .strict();

export type NesterConfig = Readonly<z.infer<typeof nesterConfigSchema>>;

import { z } from 'zod';
import { DEFAULT_REMOTE_CONFIG, remoteConfigSchema } from '../remote/config-schema.js';

/**
 * `host:port` for a listening socket: an IPv4 address, a host name or a bracketed IPv6 address,
 * and a port 0..65535 (0 = any free port, for tests).
 */
export const LISTEN_ADDRESS = /^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+):([0-9]{1,5})$/;

/**
 * One other Prometheus target to scrape (`scrape/`). `interval` defaults to the harvester's,
 * `timeout` to 10s (at most the interval); `labels` are target labels, like a Prometheus
 * static_config's (`__`-prefixed names are reserved); `honorLabels` as Prometheus' honor_labels;
 * `sampleLimit` as its sample_limit: a scrape with more samples fails.
 */
export const scrapeTargetSchema = z
  .object({
    job: z.string().min(1),
    url: z.string().url(),
    interval: z.string().optional(),
    timeout: z.string().optional(),
    labels: z.record(z.string().regex(/^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/), z.string()).default({}),
    honorLabels: z.boolean().default(false),
    sampleLimit: z.number().int().positive().max(1_000_000).default(50_000),
  })
  .strict();

/** The harvester's configuration: one schema with defaults, validated at start, then frozen. */
export const harvesterConfigSchema = z
  .object({
    /** The nester's harvester endpoint, https only, e.g. https://nester:5000. */
    nester: z.string().url(),
    /** File holding this harvester's credential (mode 0600), written at enrollment. */
    credentialFile: z.string().min(1),
    /**
     * The nester's CA certificate (PEM) to pin, written at join: the only CA trusted for the
     * nester. Absent = the system's trusted CAs (a nester with a publicly issued certificate).
     */
    caFile: z.string().min(1).optional(),
    /**
     * Check that the nester's certificate names the host dialled even when it chains to the
     * pinned CA. Off by default: the generated CA is this nester's alone, so its signature is the
     * identity (NAT, aliases, renumbering keep working). Set it when the pinned CA is shared.
     */
    verifyServerName: z.boolean().default(false),
    /** Node name; becomes the `instance` label. Empty = the hostname. */
    name: z.string().default(''),
    /** Free labels added to every series (`team`, `site`, …). */
    labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string()).default({}),
    /** Collection and shipping interval, 1 s to 1 h. */
    interval: z.string().default('15s'),
    /** Queue and state directory. */
    dataDir: z.string().min(1).default('./harvester-data'),
    queue: z
      .object({
        maxBytes: z
          .number()
          .int()
          .positive()
          .default(512 * 1024 * 1024),
        maxAge: z.string().default('24h'),
      })
      .default({ maxBytes: 512 * 1024 * 1024, maxAge: '24h' }),
    /** Roots of the files collectors read; a Kubernetes DaemonSet points them at the host's. */
    procRoot: z.string().default('/proc'),
    sysRoot: z.string().default('/sys'),
    rootfs: z.string().default('/'),
    /** Collector names to switch off. */
    disabledCollectors: z.array(z.string()).default([]),
    /** Collector names to switch on that are off by default (`processes`). */
    enabledCollectors: z.array(z.string()).default([]),
    /** Directories of `*.prom` files for the textfile collector (node_exporter's flag of that name). */
    textfileDirectories: z.array(z.string()).default([]),
    /** Other Prometheus targets on this machine, scraped and shipped with the node's metrics. */
    scrapeTargets: z.array(scrapeTargetSchema).default([]),
    /**
     * Where to serve the node collectors' metrics as node_exporter does (`127.0.0.1:9100`,
     * `0.0.0.0:9100`); absent = no endpoint, the default.
     */
    metricsListen: z
      .string()
      .regex(LISTEN_ADDRESS, 'expected host:port, e.g. 127.0.0.1:9100')
      .refine((text) => Number(LISTEN_ADDRESS.exec(text)?.[1]) <= 65535, 'port above 65535')
      .optional(),
    /** Terminal, desktop and run-command sessions through the tunnel (docs/remote.md). */
    remote: remoteConfigSchema.default(DEFAULT_REMOTE_CONFIG),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info') })
      .default({ level: 'info' }),
  })
  .strict();

export type HarvesterConfig = Readonly<z.infer<typeof harvesterConfigSchema>>;

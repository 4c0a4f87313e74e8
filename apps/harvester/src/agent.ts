import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { describeError, parseDuration, SeahawksError } from '@seahawks/model';
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import { collectAll } from './collectors/collector.js';
import type { Collector, MetricFamily } from './collectors/collector.js';
import { reportCollectorFailure } from './collectors/failure-report.js';
import { createCollectors } from './collectors/registry.js';
import type { HarvesterConfig } from './config/schema.js';
import { familiesToSamples, type CollectedSample } from './exposition/samples.js';
import { proxyForNester } from './config/proxy.js';
import { readInventory } from './inventory.js';
import { startMetricsEndpoint, type MetricsEndpoint } from './metrics-endpoint/index.js';
import { DiskQueue } from './queue/index.js';
import { remoteSessions } from './remote/session-kinds.js';
import { resolveScrapeTargets, scrapeIdentity, startScrapeLoops } from './scrape/index.js';
import { harvesterSelfMetrics, withSelfMetrics } from './self-metrics.js';
import { createShipper } from './ship/index.js';
import { createTransport, createTunnelClient, fitInventory } from './tunnel/index.js';

export interface RunningHarvester {
  stop(): Promise<void>;
}

/**
 * The agent: every interval, collect, encode one remote_write batch, append it to the on-disk
 * queue (durable before anything is sent), and let the shipper deliver the queue oldest first.
 * Keeps the tunnel's control connection up (hello with the inventory, requests, sessions). The
 * control connection and the metrics POSTs share one transport: the pinned CA and the proxy.
 * Scrapes the configured Prometheus targets into the same queue (scrape/), and serves the node
 * collectors' last families on `/metrics` when `metricsListen` is set (metrics-endpoint/).
 */
export async function startHarvester(
  config: HarvesterConfig,
  clock: () => number = Date.now,
): Promise<RunningHarvester> {
  const logger = pino({ level: config.log.level, base: { service: 'harvester', node: config.name } });
  const credential = await readCredential(config.credentialFile);
  const caPem = config.caFile === undefined ? undefined : await readCa(config.caFile);
  const log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void =>
    logger[level](fields ?? {}, message);
  const transport = createTransport({
    caPem,
    caSource: config.caFile ?? 'the system CAs',
    proxy: proxyForNester(config.nester),
    verifyServerName: config.verifyServerName,
    host: new URL(config.nester).hostname.replace(/^\[(.*)\]$/, '$1'),
    onNameTolerated: (host, reason) =>
      logger.warn(
        `the nester's certificate does not name ${host}; accepted: it is signed by the pinned CA (${reason})`,
      ),
  });
  const intervalMs = parseDuration(config.interval);
  const scrapeTargets = resolveScrapeTargets(config);
  const collectors = createCollectors(
    { disable: config.disabledCollectors, enable: config.enabledCollectors },
    { textfile: { directories: config.textfileDirectories } },
  );
  const queue = await DiskQueue.open(join(config.dataDir, 'queue'), {
    maxBytes: config.queue.maxBytes,
    maxAgeMs: parseDuration(config.queue.maxAge),
    clock,
    logger: (level, message) => logger[level](message),
  });
  const shipper = createShipper({
    queue,
    url: new URL('/api/v1/write', config.nester).toString(),
    credential,
    fetch: transport.fetch,
    clock,
    logger: (level, message) => logger[level](message),
  });
  shipper.start();
  const remote = remoteSessions(config.remote, config.dataDir, log);
  const tunnel = createTunnelClient({
    nester: config.nester,
    credential,
    transport,
    sessions: remote.handlers,
    inventory: async () => fitInventory(await readInventory(config.rootfs, config.procRoot)),
    logger: log,
    clock,
    // Back online after an outage: ship the backlog now rather than after the shipper's backoff.
    onStateChange: (state) => {
      if (state === 'online') shipper.nesterReachable();
    },
  });
  tunnel.start();
  const identity = { job: 'node', ...config.labels, instance: config.name };
  // Each scrape of another target is a batch of its own in the same queue: a target's trouble,
  // even a batch the nester refuses, cannot cost the node's samples.
  const scrapes = startScrapeLoops({
    targets: scrapeTargets,
    identity: scrapeIdentity(config),
    append: async (samples) => {
      await appendBatch(queue, samples);
      shipper.kick();
    },
    clock,
    sampleTime,
    logger: (level, message) => logger[level](message),
  });

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const self = (): MetricFamily[] => harvesterSelfMetrics(queue.stats(), shipper.stats());
  /** The node collectors' last families (and the self-metrics), for the /metrics endpoint. */
  let latest: readonly MetricFamily[] | undefined;
  let endpoint: MetricsEndpoint | undefined;
  // The first collection, at start, keeps the clock's time: a restart right after a grid point
  // must not stamp the grid time the previous process already used.
  const tick = async (onGrid: boolean): Promise<void> => {
    // A timer may fire a millisecond before its grid point: never stamp earlier than it.
    const now = onGrid ? sampleTime(Math.max(clock(), due), intervalMs) : clock();
    latest = await collectOnce(collectors, config, identity, queue, now, logger, self);
    shipper.kick();
  };
  /** The grid point the pending timer is for (ms). */
  let due = 0;
  const schedule = (): void => {
    if (stopped) return;
    // Aligned to the interval so every harvester's samples land on the same grid; counted from
    // the later of now and the last due point, so an early timer cannot collect twice.
    due = (Math.floor(Math.max(clock(), due) / intervalMs) + 1) * intervalMs;
    timer = setTimeout(() => {
      tick(true).then(schedule, (err: unknown) => {
        logger.error({ err }, `cannot collect: ${describeError(err)}`);
        schedule();
      });
    }, due - clock());
  };
  const stop = async (): Promise<void> => {
    stopped = true;
    clearTimeout(timer);
    await scrapes.stop();
    await endpoint?.close();
    await tunnel.stop();
    await remote.close();
    await shipper.stop();
    transport.close();
    await queue.close();
  };
  await tick(false);
  if (config.metricsListen !== undefined) {
    try {
      endpoint = await startMetricsEndpoint({
        listen: config.metricsListen,
        families: () => latest,
        logger: (level, message) => logger[level](message),
      });
    } catch (err) {
      await stop();
      throw err;
    }
  }
  schedule();
  logger.info(
    {
      nester: config.nester,
      interval: config.interval,
      ca: config.caFile ?? 'system',
      proxy: transport.proxy,
      scrapeTargets: config.scrapeTargets.length,
      metrics: endpoint?.url,
    },
    'harvester running',
  );
  return { stop };
}

/** A timer that fires this late (ms) still stamps the grid time it was set for. */
const GRID_TOLERANCE_MS = 1000;

/**
 * The timestamp of one collection: the interval's grid time when the timer fired close to it
 * (it always fires a few ms late), the clock otherwise (the first collection at start). Samples
 * exactly on the grid compress to about 1.6 bytes instead of 2.5 in the nester's chunks
 * (delta-of-delta is then 0), and line up across harvesters, as Prometheus' scrapes do.
 */
export function sampleTime(now: number, intervalMs: number): number {
  const grid = Math.floor(now / intervalMs) * intervalMs;
  return now - grid <= GRID_TOLERANCE_MS ? grid : now;
}

async function collectOnce(
  collectors: readonly Collector[],
  config: HarvesterConfig,
  identity: Record<string, string>,
  queue: DiskQueue,
  now: number,
  logger: Logger,
  self: () => MetricFamily[],
): Promise<MetricFamily[]> {
  const collected = await collectAll(
    collectors,
    config,
    () => performance.now(),
    (name, err) => {
      const report = reportCollectorFailure(name, err);
      logger[report.level]({ collector: name }, report.message);
    },
  );
  // The harvester's own queue and shipper figures ship with the node's (self-metrics.ts).
  const families = withSelfMetrics(collected, self());
  await appendBatch(queue, familiesToSamples(families, identity, now));
  return families;
}

/** Encodes samples as one remote_write batch and appends it to the queue (durable before sent). */
async function appendBatch(queue: DiskQueue, samples: readonly CollectedSample[]): Promise<void> {
  if (samples.length === 0) return;
  let minT = Infinity;
  let maxT = -Infinity;
  for (const s of samples) {
    minT = Math.min(minT, s.timestampMs);
    maxT = Math.max(maxT, s.timestampMs);
  }
  const payload = snappyCompress(
    encodeWriteRequest(
      samples.map((s) => ({ labels: s.labels, samples: [{ t: s.timestampMs, v: s.value }] })),
    ),
  );
  await queue.append(payload, { minT, maxT, samples: samples.length });
}

async function readCredential(file: string): Promise<string> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (text === '') throw new Error('the file is empty');
    return text;
  } catch (err) {
    throw new SeahawksError(
      'no_credential',
      `cannot read the harvester credential ${file}: ${describeError(err)}`,
      {
        cause: err,
      },
    );
  }
}

async function readCa(file: string): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in it');
    return text;
  } catch (err) {
    throw new SeahawksError(
      'no_ca',
      `cannot read the nester's CA certificate ${file}: ${describeError(err)}`,
      {
        cause: err,
      },
    );
  }
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { describeError, parseDuration, SeahawksError } from '@seahawks/model';
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import { collectAll } from './collectors/collector.js';
import type { Collector } from './collectors/collector.js';
import { reportCollectorFailure } from './collectors/failure-report.js';
import { createCollectors } from './collectors/registry.js';
import type { HarvesterConfig } from './config/schema.js';
import { familiesToSamples } from './exposition/samples.js';
import { proxyForNester } from './config/proxy.js';
import { readInventory } from './inventory.js';
import { DiskQueue } from './queue/index.js';
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
  const tunnel = createTunnelClient({
    nester: config.nester,
    credential,
    transport,
    inventory: async () => fitInventory(await readInventory(config.rootfs, config.procRoot)),
    logger: log,
    clock,
  });
  tunnel.start();
  const identity = { job: 'node', ...config.labels, instance: config.name };

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // The first collection, at start, keeps the clock's time: a restart right after a grid point
  // must not stamp the grid time the previous process already used.
  const tick = async (onGrid: boolean): Promise<void> => {
    const now = onGrid ? sampleTime(clock(), intervalMs) : clock();
    await collectOnce(collectors, config, identity, queue, now, logger);
    shipper.kick();
  };
  const schedule = (): void => {
    if (stopped) return;
    // Aligned to the interval so every harvester's samples land on the same grid.
    const wait = intervalMs - (clock() % intervalMs);
    timer = setTimeout(() => {
      tick(true).then(schedule, (err: unknown) => {
        logger.error({ err }, `cannot collect: ${describeError(err)}`);
        schedule();
      });
    }, wait);
  };
  await tick(false);
  schedule();
  logger.info(
    {
      nester: config.nester,
      interval: config.interval,
      ca: config.caFile ?? 'system',
      proxy: transport.proxy,
    },
    'harvester running',
  );
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await tunnel.stop();
      await shipper.stop();
      transport.close();
      await queue.close();
    },
  };
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
): Promise<void> {
  const families = await collectAll(
    collectors,
    config,
    () => performance.now(),
    (name, err) => {
      const report = reportCollectorFailure(name, err);
      logger[report.level]({ collector: name }, report.message);
    },
  );
  const samples = familiesToSamples(families, identity, now);
  const payload = snappyCompress(
    encodeWriteRequest(
      samples.map((s) => ({ labels: s.labels, samples: [{ t: s.timestampMs, v: s.value }] })),
    ),
  );
  await queue.append(payload, { minT: now, maxT: now, samples: samples.length });
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

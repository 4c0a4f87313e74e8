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
import { sendHello } from './hello.js';
import { DiskQueue } from './queue/index.js';
import { createShipper } from './ship/index.js';

export interface RunningHarvester {
  stop(): Promise<void>;
}

/**
 * The agent: every interval, collect, encode one remote_write batch, append it to the on-disk
 * queue (durable before anything is sent), and let the shipper deliver the queue oldest first.
 * Says hello with the inventory at start, retrying until the nester answers.
 */
export async function startHarvester(
  config: HarvesterConfig,
  clock: () => number = Date.now,
): Promise<RunningHarvester> {
  const logger = pino({ level: config.log.level, base: { service: 'harvester', node: config.name } });
  const credential = await readCredential(config.credentialFile);
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
    clock,
    logger: (level, message) => logger[level](message),
  });
  shipper.start();
  const hello = sendHello(config, credential, logger);
  const identity = { job: 'node', ...config.labels, instance: config.name };

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async (): Promise<void> => {
    await collectOnce(collectors, config, identity, queue, clock, logger);
    shipper.kick();
  };
  const schedule = (): void => {
    if (stopped) return;
    // Aligned to the interval so every harvester's samples land on the same grid.
    const wait = intervalMs - (clock() % intervalMs);
    timer = setTimeout(() => {
      tick().then(schedule, (err: unknown) => {
        logger.error({ err }, `cannot collect: ${describeError(err)}`);
        schedule();
      });
    }, wait);
  };
  await tick();
  schedule();
  logger.info({ nester: config.nester, interval: config.interval }, 'harvester running');
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      hello.stop();
      await shipper.stop();
      await queue.close();
    },
  };
}

async function collectOnce(
  collectors: readonly Collector[],
  config: HarvesterConfig,
  identity: Record<string, string>,
  queue: DiskQueue,
  clock: () => number,
  logger: Logger,
): Promise<void> {
  const now = clock();
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

import type { Labels } from '@seahawks/model';
import { labelsKey } from '@seahawks/model';
import { pino } from 'pino';
import { validateNesterConfig } from '../../config/index.js';
import type { NesterConfig } from '../../config/index.js';
import { MemoryQuerier } from '../../query/testing/memory-querier.js';
import type { Appender, AppendResult, SeriesSamples } from '../../storage/index.js';
import { AlertingService } from '../alerting-service.js';
import type { HarvesterPresence } from '../presence.js';

/** A querier that is also an appender, holding everything in memory (rules read what they wrote). */
export class MemoryStore extends MemoryQuerier implements Appender {
  readonly appended: SeriesSamples[] = [];

  append(batch: readonly SeriesSamples[]): Promise<AppendResult> {
    for (const s of batch) {
      this.add({ labels: s.labels, samples: s.samples });
      this.appended.push(s);
    }
    return Promise.resolve({ accepted: batch.length, rejected: {}, firstError: undefined });
  }

  /** Samples appended for series whose labels equal `labels`. */
  samplesOf(labels: Labels): Array<{ t: number; v: number }> {
    const key = labelsKey(labels);
    return this.appended.filter((s) => labelsKey(s.labels) === key).flatMap((s) => s.samples);
  }
}

export interface AlertingFixture {
  readonly store: MemoryStore;
  readonly service: AlertingService;
  readonly config: NesterConfig;
  /** Current fake time, ms. */
  now: number;
  /** Moves the clock and evaluates what is due. */
  advance(ms: number): Promise<void>;
}

/** An alerting service over a memory store, a fake clock and `dataDir`; rule files from the config. */
export async function alertingFixture(
  dataDir: string,
  alerting: Record<string, unknown>,
  opts: { startMs?: number; harvesters?: () => HarvesterPresence[]; store?: MemoryStore } = {},
): Promise<AlertingFixture> {
  const config = validateNesterConfig({ dataDir, alerting }, 'test');
  const store = opts.store ?? new MemoryStore();
  const f = {
    store,
    config,
    now: opts.startMs ?? 1_700_000_000_000,
    service: undefined as unknown as AlertingService,
    async advance(ms: number) {
      f.now += ms;
      await f.service.tick();
    },
  };
  f.service = await AlertingService.open({
    config,
    querier: store,
    appender: store,
    clock: () => f.now,
    logger: pino({ level: 'silent' }),
    harvesters: opts.harvesters,
  });
  return f;
}

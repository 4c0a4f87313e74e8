import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { labelsToRecord } from '@seahawks/model';
import { startHarvester } from './agent.js';
import type { MetricFamily } from './collectors/collector.js';
import { fixtureContext } from './collectors/testdata.js';
import { validateHarvesterConfig } from './config/load.js';
import { familiesToSamples } from './exposition/samples.js';
import { parseTextFormat } from './exposition/text-parse.js';
import { DiskQueue } from './queue/index.js';
import { bytesOf, manualClock, recordingLogger, tempDir } from './queue/test-support.js';
import { harvesterSelfMetrics, withSelfMetrics } from './self-metrics.js';
import type { ShipperStats } from './ship/index.js';

const SHIPPER: ShipperStats = {
  state: 'backing_off',
  sentBatches: 7,
  sentSamples: 700,
  failures: 3,
  poisonBatches: 1,
  lastError: 'cannot send: connection refused',
  lastSuccessMs: 1_700_000_000_500,
};

const valueOf = (families: readonly MetricFamily[], name: string): number | undefined =>
  families.find((f) => f.name === name)?.metrics[0]?.value;

describe('harvester self-metrics', () => {
  it('reports what the queue bounds dropped, as counters shipped with the node’s series', async () => {
    const { dir, cleanup } = await tempDir('self-metrics');
    const clock = manualClock();
    const queue = await DiskQueue.open(dir, {
      maxBytes: 1 << 20,
      maxAgeMs: 60_000,
      clock: clock.now,
      logger: recordingLogger().logger,
    });
    try {
      for (let i = 0; i < 3; i++) {
        const t = clock.now();
        await queue.append(bytesOf(`batch ${i}`), { minT: t, maxT: t, samples: 1 });
        clock.advance(20_000);
      }
      // Two of the three are now older than a minute: the age bound drops them at the next append.
      clock.advance(30_000);
      await queue.append(bytesOf('batch 3'), { minT: clock.now(), maxT: clock.now(), samples: 1 });
      const families = harvesterSelfMetrics(queue.stats(), SHIPPER);
      assert.equal(valueOf(families, 'seahawks_harvester_queue_dropped_batches_total'), 2);
      assert.equal(valueOf(families, 'seahawks_harvester_queue_batches'), 2);
      assert.ok(valueOf(families, 'seahawks_harvester_queue_dropped_bytes_total')! > 0);
      assert.equal(valueOf(families, 'seahawks_harvester_shipped_samples_total'), 700);
      assert.equal(
        valueOf(families, 'seahawks_harvester_ship_last_success_timestamp_seconds'),
        1_700_000_000.5,
      );
      assert.equal(
        families.find((f) => f.name === 'seahawks_harvester_queue_dropped_batches_total')?.type,
        'counter',
      );
      // Shipped like every collected family: under the harvester's identity (ingest adds `team`).
      const samples = familiesToSamples(
        families,
        { job: 'node', instance: 'web-01', team: 'alpha' },
        clock.now(),
      );
      const dropped = samples.find(
        (s) => labelsToRecord(s.labels).__name__ === 'seahawks_harvester_queue_dropped_batches_total',
      );
      assert.deepEqual(labelsToRecord(dropped!.labels), {
        __name__: 'seahawks_harvester_queue_dropped_batches_total',
        instance: 'web-01',
        job: 'node',
        team: 'alpha',
      });
    } finally {
      await queue.close();
      await cleanup();
    }
  });

  it('leaves out the last-success time until the nester accepted something', () => {
    const stats = { bytes: 0, batches: 0, droppedBatches: 0, droppedBytes: 0, corruptBytes: 0 };
    const families = harvesterSelfMetrics(stats, { ...SHIPPER, lastSuccessMs: undefined });
    assert.equal(valueOf(families, 'seahawks_harvester_ship_last_success_timestamp_seconds'), undefined);
    assert.equal(valueOf(families, 'seahawks_harvester_queue_dropped_batches_total'), 0);
  });

  it('does not let a relayed family pose as a self-metric', () => {
    const forged: MetricFamily = {
      name: 'seahawks_harvester_queue_dropped_batches_total',
      help: 'from a text file',
      type: 'counter',
      metrics: [{ labels: {}, value: 999 }],
    };
    const load: MetricFamily = {
      name: 'node_load1',
      help: '',
      type: 'gauge',
      metrics: [{ labels: {}, value: 1 }],
    };
    const stats = { bytes: 0, batches: 0, droppedBatches: 4, droppedBytes: 40, corruptBytes: 0 };
    const merged = withSelfMetrics([load, forged], harvesterSelfMetrics(stats, SHIPPER));
    assert.equal(merged[0]!.name, 'node_load1');
    assert.deepEqual(
      merged.filter((f) => f.name === forged.name).map((f) => f.metrics[0]!.value),
      [4],
    );
  });

  it('are collected every interval by the running agent (seen on its /metrics)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seahawks-agent-self-'));
    await writeFile(join(dir, 'credential'), 'test-credential\n', { mode: 0o600 });
    const port = await freePort();
    const config = validateHarvesterConfig(
      {
        // Nothing listens there: nothing is acknowledged, and every batch outlives the 1 ms age
        // bound, so each collection finds the previous batches dropped.
        nester: 'https://127.0.0.1:1',
        credentialFile: join(dir, 'credential'),
        name: 'web-01',
        interval: '1s',
        dataDir: dir,
        queue: { maxBytes: 1 << 26, maxAge: '1ms' },
        ...fixtureContext('x86'),
        disabledCollectors: ['filesystem'],
        metricsListen: `127.0.0.1:${port}`,
        log: { level: 'fatal' },
      },
      'test',
    );
    const agent = await startHarvester(config);
    try {
      let dropped = 0;
      const deadline = performance.now() + 15_000;
      while (dropped < 1 && performance.now() < deadline) {
        await sleep(250);
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const families = parseTextFormat(text, { strict: true });
        const family = families.find((f) => f.name === 'seahawks_harvester_queue_dropped_batches_total');
        assert.equal(family?.type, 'counter');
        dropped = family?.samples[0]?.value ?? 0;
      }
      assert.ok(dropped >= 1, 'the agent reports the batches its queue dropped');
    } finally {
      await agent.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** A port nobody listens on right now (the system's pick, released at once). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

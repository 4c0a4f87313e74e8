import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { labelsToRecord } from '@seahawks/model';
import type { CollectedSample } from '../exposition/samples.js';
import { startScrapeLoops } from './scrape-loops.js';
import { startExporter, testTarget, type TestExporter } from './test-target.js';

/** `job:up` of every `up` sample of a batch. */
function ups(batch: CollectedSample[]): string[] {
  return batch
    .map((s) => labelsToRecord(s.labels))
    .filter((l) => l.__name__ === 'up')
    .map((l) => `${l.job}`);
}

async function until(what: string, done: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('startScrapeLoops', () => {
  let exporter: TestExporter;
  before(async () => {
    exporter = await startExporter({ body: 'a 1\n' });
  });
  after(() => exporter.close());

  it('scrapes each target on its interval grid, one batch per scrape, a dead target alone', async () => {
    const batches: CollectedSample[][] = [];
    const times: Array<[number, number]> = [];
    const loops = startScrapeLoops({
      targets: [
        testTarget(exporter.url, { intervalMs: 100, timeoutMs: 100 }),
        testTarget('http://127.0.0.1:1/metrics', { job: 'dead', intervalMs: 100, timeoutMs: 100 }),
      ],
      identity: { instance: 'web-01' },
      append: (samples) => {
        batches.push(samples);
        return Promise.resolve();
      },
      sampleTime: (now, intervalMs) => {
        times.push([now, intervalMs]);
        return Math.floor(now / intervalMs) * intervalMs;
      },
    });
    try {
      await until('two scrapes of each target', () => batches.length >= 4);
    } finally {
      await loops.stop();
    }
    const count = batches.length;
    for (const batch of batches) {
      const [job] = ups(batch);
      const t = batch[0]!.timestampMs;
      assert.equal(t % 100, 0, 'on the grid');
      assert.ok(batch.every((s) => s.timestampMs === t));
      const up = batch.find((s) => labelsToRecord(s.labels).__name__ === 'up')!.value;
      assert.equal(up, job === 'app' ? 1 : 0);
      assert.equal(batch.length, job === 'app' ? 4 : 3, 'a, up, duration, samples — or no a');
    }
    assert.ok(times.every(([, interval]) => interval === 100));
    await sleep(250);
    assert.equal(batches.length, count, 'nothing after stop');
  });

  it('keeps scraping when append fails, and logs it', async () => {
    const logs: string[] = [];
    let calls = 0;
    const loops = startScrapeLoops({
      targets: [testTarget(exporter.url, { intervalMs: 50, timeoutMs: 50 })],
      identity: { instance: 'web-01' },
      append: () => Promise.reject(new Error(`disk full ${++calls}`)),
      logger: (level, message) => logs.push(`${level}: ${message}`),
    });
    try {
      await until('two appends', () => calls >= 2);
    } finally {
      await loops.stop();
    }
    assert.match(logs[0]!, new RegExp(`^warn: cannot queue the scrape of ${exporter.url}: disk full 1$`));
  });

  it('aborts a scrape in flight on stop and drops its samples', async () => {
    const slow = await startExporter({ body: 'a 1\n', delayMs: 5000 });
    const batches: CollectedSample[][] = [];
    const loops = startScrapeLoops({
      targets: [testTarget(slow.url, { intervalMs: 1000, timeoutMs: 1000 })],
      identity: { instance: 'web-01' },
      append: (samples) => {
        batches.push(samples);
        return Promise.resolve();
      },
    });
    try {
      await until('the scrape to start', () => slow.requests.length === 1, 2000);
      const begin = performance.now();
      await loops.stop();
      assert.ok(performance.now() - begin < 500, 'stop does not wait for the timeout');
      assert.deepEqual(batches, []);
    } finally {
      await slow.close();
    }
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { labelsToRecord } from '@seahawks/model';
import { decodeWriteRequest, snappyUncompress } from '@seahawks/protocol';
import { startHarvester } from '../agent.js';
import { fixtureContext } from '../collectors/testdata.js';
import { validateHarvesterConfig } from '../config/load.js';
import { parseTextFormat } from '../exposition/text-parse.js';
import { DiskQueue } from '../queue/index.js';
import { startExporter, type TestExporter } from './test-target.js';

/** A port nobody listens on right now (the system's pick, released at once). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Every queued batch as the series names per job it holds, with the value of `up`. */
async function queuedBatches(dir: string): Promise<Array<{ job: string; names: string[]; up?: number }>> {
  const queue = await DiskQueue.open(dir, { maxBytes: 1 << 26, maxAgeMs: 86_400_000, logger: () => {} });
  try {
    return (await queue.peek(1000)).map((batch) => {
      const series = decodeWriteRequest(snappyUncompress(batch.payload, 1 << 26)).series;
      const records = series.map((s) => labelsToRecord(s.labels));
      const up = series.find((s) => labelsToRecord(s.labels).__name__ === 'up')?.samples[0]?.v;
      return { job: records[0]?.job ?? '', names: records.map((r) => r.__name__ ?? ''), up };
    });
  } finally {
    await queue.close();
  }
}

describe('the agent with scrape targets and the /metrics endpoint', () => {
  let dir: string;
  let exporter: TestExporter;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-agent-scrape-'));
    await writeFile(join(dir, 'credential'), 'test-credential\n', { mode: 0o600 });
    exporter = await startExporter({ body: 'app_jobs_total 3\n' });
  });
  after(async () => {
    await exporter.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('queues each target scrape as its own batch beside the node batch, and closes /metrics on stop', async () => {
    const port = await freePort();
    const fixture = fixtureContext('x86');
    const config = validateHarvesterConfig(
      {
        // Nothing listens there: the tunnel and the shipper retry in the background, harmlessly.
        nester: 'https://127.0.0.1:1',
        credentialFile: join(dir, 'credential'),
        name: 'web-01',
        interval: '1s',
        dataDir: dir,
        ...fixture,
        disabledCollectors: ['filesystem'],
        scrapeTargets: [
          { job: 'app', url: exporter.url },
          { job: 'dead', url: 'http://127.0.0.1:1/metrics' },
        ],
        metricsListen: `127.0.0.1:${port}`,
        log: { level: 'fatal' },
      },
      'test',
    );
    const agent = await startHarvester(config);
    let stopped = false;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      const names = parseTextFormat(await res.text(), { strict: true }).map((f) => f.name);
      assert.ok(names.includes('node_load1') && names.includes('node_scrape_collector_success'));
      assert.ok(!names.includes('app_jobs_total'), 'the endpoint serves the node collectors only');
      const deadline = performance.now() + 3000;
      while (exporter.requests.length === 0 && performance.now() < deadline) await sleep(20);
      await sleep(200);
      await agent.stop();
      stopped = true;
    } finally {
      if (!stopped) await agent.stop();
    }
    await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`), 'closed on stop');
    const batches = await queuedBatches(join(dir, 'queue'));
    const node = batches.find((b) => b.job === 'node');
    assert.ok(node?.names.includes('node_load1'));
    const app = batches.find((b) => b.job === 'app');
    assert.deepEqual(
      [app?.names, app?.up],
      [['app_jobs_total', 'up', 'scrape_duration_seconds', 'scrape_samples_scraped'], 1],
    );
    const dead = batches.find((b) => b.job === 'dead');
    assert.deepEqual(
      [dead?.names, dead?.up],
      [['up', 'scrape_duration_seconds', 'scrape_samples_scraped'], 0],
    );
  });
});

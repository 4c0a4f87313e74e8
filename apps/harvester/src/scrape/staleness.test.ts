import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isStaleNaN, labelsToRecord, STALE_NAN_BITS } from '@seahawks/model';
import type { CollectedSample } from '../exposition/samples.js';
import { TargetScraper } from './target-scraper.js';
import { startExporter, testTarget, type TestExporter } from './test-target.js';

const T = 1_700_000_000_000;
const IDENTITY = { instance: 'web-01' };
/** Labels every series of these tests has, left out of the expectations. */
const COMMON = new Set(['__name__', 'job', 'instance', 'exported_instance']);

/** `name{extra labels} value`, the value `STALE` for a staleness marker; report series left out. */
function series(samples: CollectedSample[], at: number): string[] {
  return samples
    .filter((s) => !/^(up|scrape_)/.test(labelsToRecord(s.labels).__name__ ?? ''))
    .map((s) => {
      assert.equal(s.timestampMs, at);
      const record = labelsToRecord(s.labels);
      const name = record.__name__;
      const labels = Object.entries(record)
        .filter(([k]) => !COMMON.has(k))
        .map(([k, v]) => `${k}="${v}"`);
      return `${name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${isStaleNaN(s.value) ? 'STALE' : s.value}`;
    });
}

function up(samples: CollectedSample[]): number | undefined {
  return samples.find((s) => labelsToRecord(s.labels).__name__ === 'up')?.value;
}

describe('staleness markers', () => {
  let exporter: TestExporter;
  before(async () => {
    exporter = await startExporter({ body: '' });
  });
  after(() => exporter.close());

  it('marks a series that disappears once, at the scrape time, with the exact STALE_NAN', async () => {
    const scraper = new TargetScraper(testTarget(exporter.url), { identity: IDENTITY });
    exporter.reply = { body: 'a 1\nb{x="1"} 2\nb{x="2"} 3\n' };
    assert.deepEqual(series(await scraper.scrape(T), T), ['a 1', 'b{x="1"} 2', 'b{x="2"} 3']);
    exporter.reply = { body: 'a 1\nb{x="2"} 3\n' };
    const second = await scraper.scrape(T + 15_000);
    assert.deepEqual(series(second, T + 15_000), ['a 1', 'b{x="2"} 3', 'b{x="1"} STALE']);
    const marker = second.find((s) => Number.isNaN(s.value))!;
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, marker.value);
    assert.equal(view.getBigUint64(0), STALE_NAN_BITS);
    assert.deepEqual(
      series(await scraper.scrape(T + 30_000), T + 30_000),
      ['a 1', 'b{x="2"} 3'],
      'once only',
    );
    exporter.reply = { body: 'a 1\nb{x="1"} 4\nb{x="2"} 3\n' };
    assert.deepEqual(
      series(await scraper.scrape(T + 45_000), T + 45_000),
      ['a 1', 'b{x="1"} 4', 'b{x="2"} 3'],
      'a series that comes back is an ordinary series again',
    );
  });

  it('gives no marker to a series with its own timestamp, as Prometheus', async () => {
    const scraper = new TargetScraper(testTarget(exporter.url), { identity: IDENTITY });
    exporter.reply = { body: `a 1\nb 2 ${T - 5000}\n` };
    const first = await scraper.scrape(T);
    assert.deepEqual(
      first.filter((s) => s.timestampMs === T - 5000).map((s) => s.value),
      [2],
    );
    exporter.reply = { body: 'a 1\n' };
    assert.deepEqual(series(await scraper.scrape(T + 15_000), T + 15_000), ['a 1']);
  });

  it('marks every series once when the target goes down, and reports up 0 meanwhile', async () => {
    const own = await startExporter({ body: 'a 1\nb 2\n' });
    const logs: string[] = [];
    const scraper = new TargetScraper(testTarget(own.url), {
      identity: IDENTITY,
      logger: (level, message) => logs.push(`${level}: ${message}`),
    });
    const first = await scraper.scrape(T);
    assert.deepEqual([series(first, T), up(first)], [['a 1', 'b 2'], 1]);
    await own.close();
    const down = await scraper.scrape(T + 15_000);
    assert.deepEqual([series(down, T + 15_000), up(down)], [['a STALE', 'b STALE'], 0]);
    const still = await scraper.scrape(T + 30_000);
    assert.deepEqual([series(still, T + 30_000), up(still)], [[], 0]);
    assert.equal(logs.length, 2);
    assert.match(logs[0]!, /^warn: cannot scrape http:\/\/127\.0\.0\.1:\d+\/metrics: .*ECONNREFUSED/);
    assert.match(logs[1]!, /^debug: /, 'the same failure again is not a warning');
  });

  it('logs the recovery of a target that was down', async () => {
    const logs: string[] = [];
    const scraper = new TargetScraper(testTarget(exporter.url), {
      identity: IDENTITY,
      logger: (level, message) => logs.push(`${level}: ${message}`),
    });
    exporter.reply = { status: 500, body: '' };
    assert.equal(up(await scraper.scrape(T)), 0);
    exporter.reply = { body: 'a 1\n' };
    assert.equal(up(await scraper.scrape(T + 15_000)), 1);
    assert.equal(logs[1], `info: target ${exporter.url} (job app) is up again`);
  });
});

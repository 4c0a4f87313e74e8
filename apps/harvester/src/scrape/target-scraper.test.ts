import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isStaleNaN, labelsToRecord } from '@seahawks/model';
import type { CollectedSample } from '../exposition/samples.js';
import { SCRAPE_ACCEPT } from './fetch-target.js';
import { TargetScraper, type TargetScraperOptions } from './target-scraper.js';
import { OPENMETRICS_TYPE, startExporter, testTarget, type TestExporter } from './test-target.js';

const T = 1_700_000_000_000;
const IDENTITY = { instance: 'web-01', team: 'ops' };
/** Labels every series of these tests has, left out of the expectations. */
const COMMON = new Set(['__name__', 'job', 'instance', 'exported_instance', 'team']);

/** A sample as `name{labels without job/instance/team} value@t`, or `… STALE@t`. */
function show(s: CollectedSample): string {
  const record = labelsToRecord(s.labels);
  const name = record.__name__;
  const labels = Object.entries(record)
    .filter(([k]) => !COMMON.has(k))
    .map(([k, v]) => `${k}="${v}"`);
  const value = isStaleNaN(s.value) ? 'STALE' : String(s.value);
  return `${name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${value}@${s.timestampMs - T}`;
}

/** Scrapes' samples without the duration, whose value is the clock's. */
function shown(samples: CollectedSample[]): string[] {
  return samples.map(show).filter((s) => !s.startsWith('scrape_duration_seconds'));
}

function scraperFor(
  exporter: TestExporter,
  target: Parameters<typeof testTarget>[1] = {},
  options: Partial<TargetScraperOptions> = {},
): { scraper: TargetScraper; logs: string[] } {
  const logs: string[] = [];
  const scraper = new TargetScraper(testTarget(exporter.url, target), {
    identity: IDENTITY,
    logger: (level, message) => logs.push(`${level}: ${message}`),
    ...options,
  });
  return { scraper, logs };
}

describe('TargetScraper', () => {
  let exporter: TestExporter;
  before(async () => {
    exporter = await startExporter({ body: '' });
  });
  after(() => exporter.close());

  it('scrapes the text format with Prometheus headers, target and identity labels, and up', async () => {
    exporter.reply = {
      body: '# TYPE app_requests_total counter\napp_requests_total{code="200"} 5\napp_requests_total{code="500"} 1\napp_temp 21.5\n',
    };
    const ticks = [10, 10.25];
    const { scraper } = scraperFor(exporter, {}, { now: () => ticks.shift() ?? 0 });
    const samples = await scraper.scrape(T);
    assert.deepEqual(shown(samples), [
      'app_requests_total{code="200"} 5@0',
      'app_requests_total{code="500"} 1@0',
      'app_temp 21.5@0',
      'up 1@0',
      'scrape_samples_scraped 3@0',
    ]);
    const up = samples.find((s) => show(s).startsWith('up '))!;
    assert.deepEqual(labelsToRecord(up.labels), {
      __name__: 'up',
      job: 'app',
      instance: 'web-01',
      exported_instance: exporter.address,
      team: 'ops',
    });
    const duration = samples.find((s) => show(s).startsWith('scrape_duration_seconds'));
    assert.equal(duration?.value, 0.00025);
    const headers = exporter.requests.at(-1)!;
    assert.equal(headers.accept, SCRAPE_ACCEPT);
    assert.equal(headers['x-prometheus-scrape-timeout-seconds'], '1');
    assert.match(headers['user-agent'] ?? '', /^Seahawks-Harvester\//);
  });

  it('scrapes OpenMetrics: _total, _created, exemplars dropped, float-second timestamps', async () => {
    exporter.reply = {
      contentType: OPENMETRICS_TYPE,
      body: `# TYPE jobs counter
# HELP jobs Jobs run.
jobs_total 7 # {trace_id="a1"} 1 1700000000.5
jobs_created 1699999000.25
# TYPE lat_seconds histogram
# UNIT lat_seconds seconds
lat_seconds_bucket{le="0.1"} 2
lat_seconds_bucket{le="+Inf"} 3
lat_seconds_count 3
lat_seconds_sum 0.42
# TYPE temp gauge
temp 20.5 1700000001.5
# EOF
`,
    };
    const { scraper } = scraperFor(exporter);
    assert.deepEqual(shown(await scraper.scrape(T)), [
      'jobs_total 7@0',
      'jobs_created 1699999000.25@0',
      'lat_seconds_bucket{le="0.1"} 2@0',
      'lat_seconds_bucket{le="+Inf"} 3@0',
      'lat_seconds_count 3@0',
      'lat_seconds_sum 0.42@0',
      'temp 20.5@1500',
      'up 1@0',
      'scrape_samples_scraped 7@0',
    ]);
  });

  it('reads a gzip-compressed answer', async () => {
    exporter.reply = { body: 'a 1\n', gzip: true };
    const { scraper } = scraperFor(exporter);
    assert.deepEqual(shown(await scraper.scrape(T)), ['a 1@0', 'up 1@0', 'scrape_samples_scraped 1@0']);
    assert.match(exporter.requests.at(-1)?.['accept-encoding'] ?? '', /gzip/);
  });

  const failures: Array<[string, () => void, Partial<Parameters<typeof testTarget>[1]>, RegExp, number]> = [
    [
      'OpenMetrics without # EOF (a truncated answer)',
      () => (exporter.reply = { contentType: OPENMETRICS_TYPE, body: 'a 1\nb 2\n' }),
      {},
      /line 2: data does not end with # EOF/,
      2,
    ],
    [
      'a status other than 200',
      () => (exporter.reply = { status: 503, body: 'a 1\n' }),
      {},
      /server returned HTTP status 503 Service Unavailable/,
      0,
    ],
    [
      'a parse error',
      () => (exporter.reply = { body: 'a 1\nb{ 2\n' }),
      {},
      /cannot parse http:.* line 2: invalid label name/,
      2,
    ],
    [
      'more samples than the sample limit',
      () => (exporter.reply = { body: '# c\na 1\nb 2\nc 3\n' }),
      { sampleLimit: 2 },
      /3 samples exceed the limit of 2/,
      3,
    ],
  ];
  for (const [what, setup, target, message, scraped] of failures) {
    it(`fails the scrape (up 0, no series) on ${what}`, async () => {
      setup();
      const { scraper, logs } = scraperFor(exporter, target);
      assert.deepEqual(shown(await scraper.scrape(T)), ['up 0@0', `scrape_samples_scraped ${scraped}@0`]);
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, message);
      assert.match(logs[0]!, /^warn: .* \(job app\): up 0$/);
    });
  }

  it('refuses a body over the size limit, even one gzip made small', async () => {
    exporter.reply = { body: `a 1\n${'#'.repeat(4096)}\n`, gzip: true };
    const { scraper, logs } = scraperFor(exporter, {}, { maxBodyBytes: 1024 });
    assert.deepEqual(shown(await scraper.scrape(T)), ['up 0@0', 'scrape_samples_scraped 0@0']);
    assert.match(logs[0]!, /body exceeds the limit of 1024 bytes/);
  });

  it('times out a slow target within the timeout', async () => {
    exporter.reply = { body: 'a 1\n', delayMs: 3000 };
    const { scraper, logs } = scraperFor(exporter, { timeoutMs: 200 });
    const begin = performance.now();
    const samples = await scraper.scrape(T);
    const elapsed = performance.now() - begin;
    assert.ok(elapsed >= 190 && elapsed < 1500, `took ${elapsed} ms`);
    assert.deepEqual(shown(samples), ['up 0@0', 'scrape_samples_scraped 0@0']);
    const duration = samples.find((s) => show(s).startsWith('scrape_duration_seconds'))!;
    assert.ok(duration.value >= 0.19 && duration.value < 1.5, `duration ${duration.value}`);
    assert.match(logs[0]!, /cannot scrape http:.*: timed out after 200 ms/);
  });

  it('drops duplicate series, keeping the first, and says so', async () => {
    exporter.reply = { body: 'a{x="1"} 1\na{x="1"} 2\n' };
    const { scraper, logs } = scraperFor(exporter);
    assert.deepEqual(shown(await scraper.scrape(T)), [
      'a{x="1"} 1@0',
      'up 1@0',
      'scrape_samples_scraped 2@0',
    ]);
    assert.deepEqual(logs, [`warn: scrape of ${exporter.url}: 1 duplicate series dropped`]);
  });
});

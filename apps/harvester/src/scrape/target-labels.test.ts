import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsToRecord } from '@seahawks/model';
import { resolveScrapeTargets, scrapeIdentity, targetAddress } from './target-config.js';
import { reportSeriesLabels, scrapedSeriesLabels, type LabelLayers } from './target-labels.js';

const TARGET = { job: 'app', instance: '127.0.0.1:8080' };
const IDENTITY = { instance: 'web-01', team: 'ops' };

describe('scrapedSeriesLabels', () => {
  const cases: Array<{
    what: string;
    own: Record<string, string>;
    layers?: Partial<LabelLayers>;
    want: Record<string, string>;
  }> = [
    {
      what: 'adds job, moves the target instance aside for the harvester instance',
      own: { code: '200' },
      want: { code: '200', job: 'app', instance: 'web-01', exported_instance: '127.0.0.1:8080', team: 'ops' },
    },
    {
      what: 'honor_labels false: scraped job and instance become exported_, then exported_exported_',
      own: { job: 'other', instance: 'db:1' },
      want: {
        job: 'app',
        exported_job: 'other',
        instance: 'web-01',
        exported_instance: 'db:1',
        exported_exported_instance: '127.0.0.1:8080',
        team: 'ops',
      },
    },
    {
      what: 'honor_labels false: an equal value still moves, as in Prometheus',
      own: { job: 'app' },
      want: {
        job: 'app',
        exported_job: 'app',
        instance: 'web-01',
        exported_instance: '127.0.0.1:8080',
        team: 'ops',
      },
    },
    {
      what: 'honor_labels true: scraped job and instance win over the target, not over the identity',
      own: { job: 'other', instance: 'db:1' },
      layers: { honorLabels: true },
      want: { job: 'other', instance: 'web-01', exported_instance: 'db:1', team: 'ops' },
    },
    {
      what: 'honor_labels true: an empty scraped label counts as absent',
      own: { job: '' },
      layers: { honorLabels: true },
      want: { job: 'app', instance: 'web-01', exported_instance: '127.0.0.1:8080', team: 'ops' },
    },
    {
      what: 'the identity always wins, its own conflicts going to exported_',
      own: { team: 'dev' },
      want: {
        job: 'app',
        instance: 'web-01',
        exported_instance: '127.0.0.1:8080',
        team: 'ops',
        exported_team: 'dev',
      },
    },
    {
      what: 'exported_ names already taken get prefixed again',
      own: { job: 'x', exported_job: 'y' },
      want: {
        job: 'app',
        exported_job: 'y',
        exported_exported_job: 'x',
        instance: 'web-01',
        exported_instance: '127.0.0.1:8080',
        team: 'ops',
      },
    },
    {
      what: 'an empty target label removes the label',
      own: { zone: 'a' },
      layers: { target: { ...TARGET, zone: '' } },
      want: {
        job: 'app',
        exported_zone: 'a',
        instance: 'web-01',
        exported_instance: '127.0.0.1:8080',
        team: 'ops',
      },
    },
  ];
  for (const c of cases) {
    it(c.what, () => {
      const layers: LabelLayers = { target: TARGET, honorLabels: false, identity: IDENTITY, ...c.layers };
      const labels = scrapedSeriesLabels('m', c.own, layers);
      assert.deepEqual(labelsToRecord(labels), { __name__: 'm', ...c.want });
      assert.deepEqual(
        labels.map((l) => l.name),
        [...labels.map((l) => l.name)].sort(),
        'sorted',
      );
    });
  }

  it('gives report series the target labels under the identity', () => {
    const labels = reportSeriesLabels('up', { target: TARGET, honorLabels: true, identity: IDENTITY });
    assert.deepEqual(labelsToRecord(labels), {
      __name__: 'up',
      job: 'app',
      instance: 'web-01',
      exported_instance: '127.0.0.1:8080',
      team: 'ops',
    });
  });
});

describe('resolveScrapeTargets', () => {
  const resolve = (
    target: Record<string, unknown>,
    interval = '15s',
  ): ReturnType<typeof resolveScrapeTargets> =>
    resolveScrapeTargets({
      interval,
      scrapeTargets: [
        { labels: {}, honorLabels: false, sampleLimit: 50_000, job: 'app', ...target },
      ] as never,
    });

  it('fills in the defaults: the harvester interval, 10s or the interval, job and instance', () => {
    const [long] = resolve({ url: 'http://127.0.0.1:8080/metrics' });
    assert.deepEqual([long?.intervalMs, long?.timeoutMs, long?.labels], [15_000, 10_000, TARGET]);
    const [short] = resolve({ url: 'https://localhost/m', interval: '5s' });
    assert.deepEqual(
      [short?.intervalMs, short?.timeoutMs, short?.labels.instance],
      [5000, 5000, 'localhost:443'],
    );
    assert.equal(resolve({ url: 'http://[::1]/m', labels: { instance: 'x' } })[0]?.labels.instance, 'x');
  });

  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['another scheme', { url: 'ftp://127.0.0.1/m' }, /scrapeTargets\.0\.url: ftp:.* is not http/],
    ['a bad interval', { url: 'http://a/m', interval: 'soon' }, /scrapeTargets\.0\.interval: cannot parse/],
    ['an interval under 1s', { url: 'http://a/m', interval: '500ms' }, /outside 1s\.\.1h/],
    [
      'a timeout over the interval',
      { url: 'http://a/m', interval: '5s', timeout: '6s' },
      /timeout: 6s is not in/,
    ],
  ];
  for (const [what, target, message] of bad) {
    it(`refuses ${what}`, () => assert.throws(() => resolve(target), message));
  }

  it('refuses two targets with the same job and instance', () => {
    const base = { labels: {}, honorLabels: false, sampleLimit: 10, job: 'app' };
    assert.throws(
      () =>
        resolveScrapeTargets({
          interval: '15s',
          scrapeTargets: [
            { ...base, url: 'http://127.0.0.1:80/a' },
            { ...base, url: 'http://127.0.0.1/b' },
          ],
        }),
      /scrapeTargets\.1\.job: job "app" already has a target of instance 127\.0\.0\.1:80/,
    );
  });

  it('derives the identity without the node job', () => {
    assert.deepEqual(scrapeIdentity({ name: 'web-01', labels: { job: 'x', team: 'ops' } }), IDENTITY);
    assert.equal(targetAddress(new URL('http://[::1]:9100/metrics')), '[::1]:9100');
  });
});

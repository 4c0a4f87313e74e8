import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { collectAll, type MetricFamily } from '../collectors/collector.js';
import { createCollectors } from '../collectors/registry.js';
import { fixtureContext } from '../collectors/testdata.js';
import { validateHarvesterConfig } from '../config/load.js';
import { TEXT_CONTENT_TYPE } from '../exposition/text-format.js';
import { parseTextFormat, type ParsedFamily } from '../exposition/text-parse.js';
import {
  acceptsGzip,
  ListenError,
  splitListen,
  startMetricsEndpoint,
  type MetricsEndpoint,
} from './metrics-server.js';

/** Families that stress the format: escapes, empty label values, special floats, a merged name. */
const TRICKY: MetricFamily[] = [
  {
    name: 'tricky_info',
    help: 'Back\\slash and\nnewline "quoted".',
    type: 'gauge',
    metrics: [
      { labels: { path: 'C:\\dir "x"\nnext', empty: '' }, value: 1 },
      { labels: { path: 'ü→☃', empty: 'set' }, value: Number.NaN },
    ],
  },
  {
    name: 'tricky_total',
    help: 'Counts.',
    type: 'counter',
    metrics: [{ labels: {}, value: Number.POSITIVE_INFINITY }],
  },
  {
    name: 'tricky_total',
    help: 'Ignored help.',
    type: 'counter',
    metrics: [{ labels: { a: 'b' }, value: -0.5e-300 }],
  },
  {
    name: 'tricky_untyped',
    help: '',
    type: 'untyped',
    metrics: [{ labels: {}, value: Number.NEGATIVE_INFINITY }],
  },
];

/** Families keyed by name as the text format carries them: merged, first HELP, series as strings. */
function canonical(families: ReadonlyArray<MetricFamily | ParsedFamily>): Map<string, unknown> {
  const out = new Map<string, { type: string; help: string; series: string[] }>();
  for (const f of families) {
    const entry = out.get(f.name) ?? { type: f.type, help: f.help ?? '', series: [] };
    const metrics = 'metrics' in f ? f.metrics : f.samples;
    for (const m of metrics)
      entry.series.push(JSON.stringify([Object.entries(m.labels).sort(), String(m.value)]));
    out.set(f.name, entry);
  }
  for (const entry of out.values()) entry.series.sort();
  return out;
}

async function collectFixture(): Promise<MetricFamily[]> {
  // filesystem would statfs this machine's mount points; the fixture tree has none to offer.
  const collectors = createCollectors({ disable: ['filesystem'] }, {});
  return [...(await collectAll(collectors, fixtureContext('x86'), () => 0)), ...TRICKY];
}

/** A raw GET (fetch would decompress), for the gzip test. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('the /metrics endpoint', () => {
  let families: MetricFamily[] | undefined;
  let endpoint: MetricsEndpoint;
  before(async () => {
    endpoint = await startMetricsEndpoint({ listen: '127.0.0.1:0', families: () => families });
  });
  after(() => endpoint.close());

  it('answers 503 before the first collection', async () => {
    families = undefined;
    const res = await fetch(new URL('/metrics', endpoint.url));
    assert.equal(res.status, 503);
    assert.equal(await res.text(), 'no collection yet\n');
  });

  it('serves every family of a collection, parsed back unchanged by the strict parser', async () => {
    families = await collectFixture();
    const res = await fetch(new URL('/metrics', endpoint.url));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), TEXT_CONTENT_TYPE);
    const parsed = parseTextFormat(await res.text(), { strict: true, source: '/metrics' });
    const want = canonical(families);
    assert.ok(want.size > 100, `${want.size} families`);
    assert.deepEqual(canonical(parsed), want);
  });

  it('compresses with gzip when accepted, and serves the next collection once it exists', async () => {
    families = TRICKY.slice(0, 1);
    const plain = await rawGet(new URL('/metrics', endpoint.url).toString(), {});
    assert.equal(plain.headers['content-encoding'], undefined);
    const gz = await rawGet(new URL('/metrics', endpoint.url).toString(), { 'accept-encoding': 'br, gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.deepEqual(gunzipSync(gz.body), plain.body);
    families = TRICKY.slice(1, 2);
    const next = await rawGet(new URL('/metrics', endpoint.url).toString(), { 'accept-encoding': 'gzip' });
    assert.match(gunzipSync(next.body).toString(), /^tricky_total \+Inf$/m);
  });

  it('links /metrics from /, answers 404 elsewhere and 405 to other methods', async () => {
    const root = await fetch(endpoint.url);
    assert.equal(root.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await root.text(), /<a href="\/metrics">Metrics<\/a>/);
    for (const path of ['/metric', '/metrics/x', '/favicon.ico']) {
      const res = await fetch(new URL(path, endpoint.url));
      assert.equal([path, res.status, await res.text()].join(' '), `${path} 404 404 page not found\n`);
    }
    const post = await fetch(new URL('/metrics', endpoint.url), { method: 'POST', body: 'x' });
    assert.deepEqual([post.status, post.headers.get('allow')], [405, 'GET, HEAD']);
    await post.body?.cancel();
  });

  it('refuses an address in use with a ListenError', async () => {
    const port = new URL(endpoint.url).port;
    await assert.rejects(
      startMetricsEndpoint({ listen: `127.0.0.1:${port}`, families: () => [] }),
      (err: unknown) =>
        err instanceof ListenError &&
        /^cannot listen on 127\.0\.0\.1:\d+ for \/metrics: .*EADDRINUSE/.test(err.message),
    );
  });
});

describe('metrics endpoint settings', () => {
  const base = { nester: 'https://127.0.0.1:5000', credentialFile: '/x' };

  it('is off by default', () => {
    assert.equal(validateHarvesterConfig(base, 'test').metricsListen, undefined);
  });

  it('takes host:port and refuses anything else', () => {
    assert.equal(
      validateHarvesterConfig({ ...base, metricsListen: '0.0.0.0:9100' }, 't').metricsListen,
      '0.0.0.0:9100',
    );
    for (const bad of ['9100', ':9100', '127.0.0.1', '127.0.0.1:99999', 'http://127.0.0.1:9100']) {
      assert.throws(
        () => validateHarvesterConfig({ ...base, metricsListen: bad }, 't'),
        /cannot load config t: metricsListen: /,
      );
    }
  });

  it('splits addresses and reads Accept-Encoding as promhttp does', () => {
    assert.deepEqual(splitListen('[::1]:9100'), { host: '::1', port: 9100 });
    assert.deepEqual(splitListen('localhost:0'), { host: 'localhost', port: 0 });
    const table: Array<[string | undefined, boolean]> = [
      [undefined, false],
      ['gzip', true],
      ['deflate, GZIP;q=0.5', true],
      ['gzip;q=0', false],
      ['*', true],
      ['identity', false],
    ];
    for (const [header, want] of table) assert.equal(acceptsGzip(header), want, String(header));
  });
});

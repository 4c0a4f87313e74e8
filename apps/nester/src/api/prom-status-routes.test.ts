import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NESTER_VERSION } from '../version.js';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';
import { PROMETHEUS_API_VERSION } from './prom-status-routes.js';

const NOW = 1_700_000_000_000;

interface Envelope {
  status: string;
  data?: Record<string, unknown>;
  errorType?: string;
  error?: string;
}

describe('status endpoints', () => {
  let n: TestNester;
  const get = async (url: string) => {
    const res = await n.app.inject({ url, headers: { cookie: n.adminCookie } });
    return { status: res.statusCode, body: res.json<Envelope>() };
  };

  before(async () => {
    n = await startTestNester(() => NOW);
  });
  after(() => n.close());

  it('reports a Prometheus version Grafana reads as semver, no features, and our own version beside it', async () => {
    const { status, body } = await get('/api/v1/status/buildinfo');
    assert.equal(status, 200);
    const data = body.data!;
    assert.equal(data.version, PROMETHEUS_API_VERSION);
    assert.match(String(data.version), /^\d+\.\d+\.\d+$/, "semver.valid() in Grafana's version detection");
    assert.ok(!('features' in data), 'features would make Grafana take the nester for Mimir');
    assert.equal(data.applicationVersion, NESTER_VERSION);
    for (const key of ['revision', 'branch', 'buildUser', 'buildDate', 'goVersion']) {
      assert.equal(typeof data[key], 'string', key);
    }
  });

  it('reports config as YAML, flags as strings, runtime info in Prometheus field names', async () => {
    const config = (await get('/api/v1/status/config')).body.data!;
    assert.match(String(config.yaml), /^global: \{\}$/m);
    assert.match(String(config.yaml), /out_of_order_time_window: 24h/);
    const flags = (await get('/api/v1/status/flags')).body.data!;
    assert.equal(flags['query.lookback-delta'], '5m');
    assert.equal(flags['storage.tsdb.retention.time'], '15d');
    assert.ok(Object.values(flags).every((v) => typeof v === 'string'));
    const info = (await get('/api/v1/status/runtimeinfo')).body.data!;
    assert.equal(info.startTime, new Date(NOW).toISOString());
    assert.equal(info.serverTime, new Date(NOW).toISOString());
    assert.equal(info.storageRetention, '15d');
    assert.equal(info.reloadConfigSuccess, true);
    assert.equal(typeof info.GOMAXPROCS, 'number');
  });
});

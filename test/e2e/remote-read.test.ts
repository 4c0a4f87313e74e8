import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { labelsFromRecord, STALE_NAN } from '@seahawks/model';
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import { startNesterProcess } from './processes.js';
import type { StartedNester } from './processes.js';
import { startPrometheusProcess } from './prometheus-process.js';
import type { StartedPrometheus } from './prometheus-process.js';

const STEP_S = 30;
// Data starts 40 minutes ago: jittered 15 s "scrapes", never on a second boundary, so that
// Prometheus 2.42's left-closed and the nester's left-open range selectors see the same samples.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 40 * 60_000 + 3_217;
const t = (i: number) => T0 + i * 15_000;
const N = 150;

interface PromAnswer {
  status: string;
  error?: string;
  data: { resultType: string; result: Array<{ metric: Record<string, string> }> };
}

/** Queries whose answers must be identical whether PromQL runs in the nester or in Prometheus. */
const QUERIES = [
  'e2e_rr_gauge',
  'sum by (job) (e2e_rr_gauge)',
  'e2e_rr_gauge{instance=~"a|b"} * 2',
  'rate(e2e_rr_requests_total[2m])',
  'max_over_time(e2e_rr_gauge[5m])',
  'e2e_rr_flappy',
  'count(e2e_rr_flappy)',
];

/**
 * remote_read with real processes: data written only to `seahawks nester serve`, a real
 * Prometheus (the Debian package) configured with `remote_read` against the nester and an empty
 * TSDB of its own, and both asked the same PromQL: the answers must be the same.
 */
describe('end to end: a real Prometheus reads the nester through remote_read', () => {
  let dir: string;
  let nester: StartedNester;
  let token = '';
  const proms: Array<[string, StartedPrometheus]> = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-e2e-rr-'));
    nester = await startNesterProcess(join(dir, 'nester'));
    const login = await fetch(`${nester.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: nester.password }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const made = await fetch(`${nester.url}/api/auth/tokens`, {
      method: 'POST',
      headers: { cookie, 'x-seahawks-csrf': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'prometheus', role: 'operator', ttl: '1h' }),
    });
    assert.equal(made.status, 201, await made.clone().text());
    token = ((await made.json()) as { token: string }).token;
    const written = await fetch(`${nester.url}/api/v1/write`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
      },
      body: Buffer.from(snappyCompress(encodeWriteRequest(demoSeries()))),
    });
    assert.equal(written.status, 204, await written.text());
    const readUrl = `${nester.url}/api/v1/read`;
    const auth: Array<[string, string]> = [
      ['an API token (authorization)', `    authorization:\n      credentials: ${JSON.stringify(token)}\n`],
      [
        'Basic auth (basic_auth)',
        `    basic_auth:\n      username: admin\n      password: ${JSON.stringify(nester.password)}\n`,
      ],
    ];
    for (const [i, [what, yaml]] of auth.entries()) {
      const config =
        'global:\n  scrape_interval: 1h\n  evaluation_interval: 1h\n' +
        `remote_read:\n  - url: ${readUrl}\n    read_recent: true\n${yaml}`;
      proms.push([what, await startPrometheusProcess(join(dir, `prometheus-${i}`), config)]);
    }
  });

  after(async () => {
    for (const [, p] of proms) await p.stop();
    await nester?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ask = async (base: string, path: string, params: Record<string, string>, auth: boolean) => {
    const res = await fetch(`${base}${path}?${new URLSearchParams(params).toString()}`, {
      headers: auth ? { authorization: `Bearer ${token}` } : {},
    });
    const body = (await res.json()) as PromAnswer;
    assert.equal(body.status, 'success', `${base}${path} ${params.query}: ${body.error}`);
    body.data.result.sort((a, b) => JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric)));
    return body.data;
  };

  for (const via of ['an API token (authorization)', 'Basic auth (basic_auth)']) {
    describe(`with ${via}`, () => {
      const prom = () => proms.find(([what]) => what === via)![1].url;

      it('sees the series that only the nester holds', async () => {
        const names = await ask(
          prom(),
          '/api/v1/query',
          { query: 'count by (__name__) ({__name__=~"e2e_rr_.+"})', time: String(t(N - 5) / 1000) },
          false,
        );
        assert.deepEqual(
          names.result.map((r) => r.metric.__name__),
          ['e2e_rr_gauge', 'e2e_rr_requests_total'],
          'e2e_rr_flappy is stale at that time',
        );
      });

      for (const query of QUERIES) {
        it(`gives the nester's answer to ${query}, instant and range`, async () => {
          const instant = { query, time: String((t(100) + 4_321) / 1000) };
          assert.deepEqual(
            await ask(prom(), '/api/v1/query', instant, false),
            await ask(nester.url, '/api/v1/query', instant, true),
          );
          const end = Math.floor(t(N - 1) / 1000 / STEP_S) * STEP_S;
          const range = { query, start: String(end - 1800), end: String(end), step: String(STEP_S) };
          const fromProm = await ask(prom(), '/api/v1/query_range', range, false);
          assert.ok(fromProm.result.length > 0, `Prometheus found data for ${query}`);
          assert.deepEqual(fromProm, await ask(nester.url, '/api/v1/query_range', range, true));
        });
      }
    });
  }

  it('refuses a Prometheus with wrong credentials, and Prometheus reports the failure', async () => {
    const config =
      'global:\n  scrape_interval: 1h\n' +
      `remote_read:\n  - url: ${nester.url}/api/v1/read\n    read_recent: true\n    basic_auth:\n      username: admin\n      password: wrong\n`;
    const p = await startPrometheusProcess(join(dir, 'prometheus-wrong'), config);
    try {
      const res = await fetch(`${p.url}/api/v1/query?query=e2e_rr_gauge&time=${t(100) / 1000}`);
      const body = (await res.json()) as { status: string; error?: string; warnings?: string[] };
      const said = `${body.error ?? ''} ${(body.warnings ?? []).join(' ')}`;
      assert.match(said, /401/, JSON.stringify(body));
    } finally {
      await p.stop();
    }
  });
});

/** Two gauges, a counter, and a series that goes stale for a while (staleness markers). */
function demoSeries() {
  const out = [];
  for (const instance of ['a', 'b']) {
    const gauge = Array.from({ length: N }, (_, i) => ({
      t: t(i),
      v: (i % 17) * 0.25 + (instance === 'a' ? 0 : 100),
    }));
    out.push({
      labels: labelsFromRecord({ __name__: 'e2e_rr_gauge', instance, job: 'demo' }),
      samples: gauge,
    });
  }
  const counter = Array.from({ length: N }, (_, i) => ({ t: t(i), v: i * 7 + (i > 80 ? 3 : 0) }));
  out.push({
    labels: labelsFromRecord({ __name__: 'e2e_rr_requests_total', code: '200', instance: 'a', job: 'demo' }),
    samples: counter,
  });
  const flappy = [];
  for (let i = 0; i < N; i++) {
    if (i === 60 || i === 140) flappy.push({ t: t(i), v: STALE_NAN });
    else if (i < 60 || (i > 90 && i < 140)) flappy.push({ t: t(i), v: i });
  }
  out.push({
    labels: labelsFromRecord({ __name__: 'e2e_rr_flappy', instance: 'a', job: 'demo' }),
    samples: flappy,
  });
  return out;
}

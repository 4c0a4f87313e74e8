import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

/**
 * The requests Grafana 10/11's built-in Prometheus datasource makes (pkg/promlib's client and
 * health check, the frontend's language provider), replayed with Basic auth and with a bearer API
 * token, and the answers checked the way Grafana parses them.
 */
const NOW = 1_700_000_123_456;
const STEP = 15;
const END = Math.floor(NOW / 1000 / STEP) * STEP; // Grafana aligns range queries to the step
const START = END - 3600;
const SNAP_START = String(Math.floor((NOW / 1000 - 3600) / 60) * 60); // language provider: snapped range
const SNAP_END = String(Math.ceil(NOW / 1000 / 60) * 60);
const GRAFANA_PASSWORD = 'grafana reads only!';

type Check = (data: unknown) => void;
interface GrafanaRequest {
  readonly what: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly params: Array<[string, string]>;
  readonly check: Check;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isStringRecord = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'string');
/** A sample as Grafana's converter reads it: [seconds as a number, value as a string]. */
const isSample = (v: unknown): boolean =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string';

const conversation: GrafanaRequest[] = [
  {
    what: 'health check (instant 1+1 at t=4)',
    method: 'POST',
    path: '/api/v1/query',
    params: [
      ['query', '1+1'],
      ['time', '4'],
      ['timeout', '60s'],
    ],
    check: (d) => assert.deepEqual(d, { resultType: 'scalar', result: [4, '2'] }),
  },
  {
    what: 'health check over GET',
    method: 'GET',
    path: '/api/v1/query',
    params: [
      ['query', '1+1'],
      ['time', String(NOW / 1000)],
    ],
    check: (d) => assert.deepEqual(d, { resultType: 'scalar', result: [NOW / 1000, '2'] }),
  },
  {
    what: 'build info (heuristics: no features means Prometheus)',
    method: 'GET',
    path: '/api/v1/status/buildinfo',
    params: [],
    check: (d) => {
      const info = d as Record<string, unknown>;
      assert.match(String(info.version), /^\d+\.\d+\.\d+$/);
      assert.equal(info.features, undefined);
    },
  },
  {
    what: 'recording rules at start',
    method: 'GET',
    path: '/api/v1/rules',
    params: [],
    check: (d) => assert.deepEqual(d, { groups: [] }),
  },
  {
    what: 'exemplars probe (start and end in milliseconds, as the frontend sends them)',
    method: 'GET',
    path: '/api/v1/query_exemplars',
    params: [
      ['query', 'test'],
      ['start', String(NOW - 1_800_000)],
      ['end', String(NOW)],
    ],
    check: (d) => assert.deepEqual(d, []),
  },
  {
    what: 'metric names',
    method: 'GET',
    path: '/api/v1/label/__name__/values',
    params: [
      ['start', SNAP_START],
      ['end', SNAP_END],
    ],
    check: (d) => assert.deepEqual(d, ['node_cpu_seconds_total', 'node_load1', 'up']),
  },
  {
    what: 'metric names matching a selector',
    method: 'GET',
    path: '/api/v1/label/__name__/values',
    params: [
      ['start', SNAP_START],
      ['end', SNAP_END],
      ['match[]', '{__name__=~"node_.+",instance="db-01"}'],
    ],
    check: (d) => assert.deepEqual(d, ['node_cpu_seconds_total', 'node_load1']),
  },
  {
    what: 'metadata',
    method: 'GET',
    path: '/api/v1/metadata',
    params: [],
    check: (d) => {
      for (const entries of Object.values(d as Record<string, unknown[]>)) {
        for (const e of entries)
          assert.ok(isStringRecord(e) && typeof (e as { type: unknown }).type === 'string');
      }
      assert.deepEqual(Object.keys(d as object).sort(), ['node_cpu_seconds_total', 'node_load1', 'up']);
    },
  },
  {
    what: 'label keys for the queries on screen (POST form with match[])',
    method: 'POST',
    path: '/api/v1/labels',
    params: [
      ['start', SNAP_START],
      ['end', SNAP_END],
      ['match[]', 'node_cpu_seconds_total'],
    ],
    check: (d) => assert.deepEqual(d, ['__name__', 'cpu', 'instance', 'job', 'mode']),
  },
  {
    what: 'label values with a selector',
    method: 'GET',
    path: '/api/v1/label/instance/values',
    params: [
      ['start', SNAP_START],
      ['end', SNAP_END],
      ['match[]', 'node_load1{job="node"}'],
    ],
    check: (d) => assert.deepEqual(d, ['db-01', 'web-01']),
  },
  {
    what: 'series (POST form, with the limit Grafana adds)',
    method: 'POST',
    path: '/api/v1/series',
    params: [
      ['start', SNAP_START],
      ['end', SNAP_END],
      ['match[]', 'up'],
      ['limit', '40000'],
    ],
    check: (d) => {
      assert.ok(Array.isArray(d) && d.every(isStringRecord));
      assert.deepEqual(d, [
        { __name__: 'up', instance: 'db-01', job: 'node' },
        { __name__: 'up', instance: 'web-01', job: 'node' },
      ]);
    },
  },
  {
    what: 'a panel: query_range POST form, start and end multiples of the step',
    method: 'POST',
    path: '/api/v1/query_range',
    params: [
      ['query', 'sum by (mode) (rate(node_cpu_seconds_total[1m]))'],
      ['start', String(START)],
      ['end', String(END)],
      ['step', String(STEP)],
      ['timeout', '60s'],
    ],
    check: (d) => {
      const m = d as { resultType: string; result: Array<{ metric: unknown; values: unknown[] }> };
      assert.equal(m.resultType, 'matrix');
      assert.deepEqual(
        m.result.map((s) => s.metric),
        [{ mode: 'idle' }],
      );
      const values = m.result[0]!.values as Array<[number, string]>;
      assert.ok(values.every(isSample));
      assert.ok(values.every(([t]) => t % STEP === 0 && t >= START && t <= END));
      assert.equal(values.at(-1)![0], END);
      assert.ok(
        values.every(([, v]) => Math.abs(Number(v) - 1.6) < 1e-9),
        'two CPUs at 0.8 s/s each',
      );
    },
  },
  {
    what: 'an instant query for a table panel',
    method: 'POST',
    path: '/api/v1/query',
    params: [
      ['query', 'node_load1'],
      ['time', String(END)],
    ],
    check: (d) => {
      const v = d as { resultType: string; result: Array<{ metric: unknown; value: unknown }> };
      assert.equal(v.resultType, 'vector');
      assert.ok(v.result.every((e) => isStringRecord(e.metric) && isSample(e.value)));
      assert.equal(v.result.length, 2);
    },
  },
  {
    what: 'exemplars of a panel (backend, POST form)',
    method: 'POST',
    path: '/api/v1/query_exemplars',
    params: [
      ['query', 'rate(node_cpu_seconds_total[1m])'],
      ['start', String(START)],
      ['end', String(END)],
    ],
    check: (d) => assert.deepEqual(d, []),
  },
];

describe("Grafana's Prometheus datasource talking to the nester", () => {
  let n: TestNester;
  let token = '';
  let passwordChecks = 0;

  before(async () => {
    n = await startTestNester(() => NOW);
    await n.deps.users.create('grafana', 'viewer', GRAFANA_PASSWORD, NOW, ['*']);
    token = (
      await n.deps.apiTokens.create(
        { name: 'grafana', role: 'viewer', creator: 'admin', creatorRole: 'admin' },
        NOW,
      )
    ).token;
    await n.deps.appender.append(fleetData());
    const users = n.deps.users;
    const verify = users.verify.bind(users);
    users.verify = (name, password) => {
      passwordChecks++;
      return verify(name, password);
    };
  });
  after(() => n.close());

  const modes: Array<[string, () => string]> = [
    ['Basic auth', () => `Basic ${Buffer.from(`grafana:${GRAFANA_PASSWORD}`).toString('base64')}`],
    ['a bearer API token', () => `Bearer ${token}`],
  ];
  for (const [mode, authorization] of modes) {
    describe(`with ${mode}`, () => {
      for (const r of conversation) {
        it(`${r.method} ${r.path}: ${r.what}`, async () => {
          const form = new URLSearchParams(r.params).toString();
          const res = await n.app.inject({
            method: r.method,
            url: r.method === 'GET' && form !== '' ? `${r.path}?${form}` : r.path,
            headers: {
              authorization: authorization(),
              ...(r.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            },
            ...(r.method === 'POST' ? { payload: form } : {}),
          });
          assert.equal(res.statusCode, 200, res.body);
          assert.match(String(res.headers['content-type']), /^application\/json/);
          const body = res.json<{ status: string; data: unknown; warnings?: unknown; infos?: unknown }>();
          assert.equal(body.status, 'success');
          if (body.warnings !== undefined) assert.ok(isStrings(body.warnings));
          if (body.infos !== undefined) assert.ok(isStrings(body.infos));
          r.check(body.data);
        });
      }
    });
  }

  it('checked the Basic password once for the whole conversation', () => {
    assert.equal(passwordChecks, 1);
  });

  it('answers a wrong password or a revoked token with 401, as Grafana shows it', async () => {
    const wrong = `Basic ${Buffer.from('grafana:nope').toString('base64')}`;
    for (const authorization of [wrong, `Bearer sht_${'0'.repeat(12)}_${'A'.repeat(43)}`]) {
      const res = await n.app.inject({ url: '/api/v1/query?query=1%2B1&time=4', headers: { authorization } });
      assert.equal(res.statusCode, 401);
    }
  });
});

/** Two node_exporter-like hosts: load, a two-CPU idle counter growing 0.8 s/s per CPU, and up. */
function fleetData() {
  const out = [];
  for (const instance of ['web-01', 'db-01']) {
    const t = (i: number) => NOW - 7_200_000 + i * 15_000 + 250;
    const samples = (v: (i: number) => number) =>
      Array.from({ length: 480 }, (_, i) => ({ t: t(i), v: v(i) }));
    out.push({
      labels: labelsFromRecord({ __name__: 'node_load1', instance, job: 'node' }),
      samples: samples((i) => 0.5 + (i % 3)),
    });
    out.push({
      labels: labelsFromRecord({ __name__: 'up', instance, job: 'node' }),
      samples: samples(() => 1),
    });
    if (instance === 'db-01') {
      for (const cpu of ['0', '1']) {
        out.push({
          labels: labelsFromRecord({
            __name__: 'node_cpu_seconds_total',
            cpu,
            instance,
            job: 'node',
            mode: 'idle',
          }),
          samples: samples((i) => 1000 + i * 12),
        });
      }
    }
  }
  return out;
}

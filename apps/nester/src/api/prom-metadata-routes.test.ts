import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

const NOW = 1_700_000_000_000;

interface Envelope {
  status: string;
  data?: unknown;
  errorType?: string;
  error?: string;
}

describe('metadata, query_exemplars and format_query', () => {
  let n: TestNester;
  const call = async (method: 'GET' | 'POST', url: string, form?: Record<string, string>) => {
    const headers: Record<string, string> = { cookie: n.adminCookie, 'x-seahawks-csrf': '1' };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const payload = form ? new URLSearchParams(form).toString() : undefined;
    const res = await n.app.inject({ method, url, headers, payload });
    return { status: res.statusCode, body: res.body === '' ? undefined : res.json<Envelope>() };
  };

  before(async () => {
    n = await startTestNester(() => NOW);
    await n.deps.appender.append(
      ['node_load1', 'node_cpu_seconds_total', 'up'].map((name) => ({
        labels: labelsFromRecord({ __name__: name, job: 'node' }),
        samples: [{ t: NOW, v: 1 }],
      })),
    );
  });
  after(() => n.close());

  const ok: Array<[string, 'GET' | 'POST', string, Record<string, string> | undefined, unknown]> = [
    [
      'metadata: every known metric, type unknown',
      'GET',
      '/api/v1/metadata',
      undefined,
      {
        node_cpu_seconds_total: [{ type: 'unknown', help: '', unit: '' }],
        node_load1: [{ type: 'unknown', help: '', unit: '' }],
        up: [{ type: 'unknown', help: '', unit: '' }],
      },
    ],
    [
      'metadata: limit',
      'GET',
      '/api/v1/metadata?limit=1&limit_per_metric=5',
      undefined,
      { node_cpu_seconds_total: [{ type: 'unknown', help: '', unit: '' }] },
    ],
    ['metadata: limit 0', 'GET', '/api/v1/metadata?limit=0', undefined, {}],
    [
      'metadata: one metric',
      'GET',
      '/api/v1/metadata?metric=up',
      undefined,
      { up: [{ type: 'unknown', help: '', unit: '' }] },
    ],
    ['metadata: an unknown metric', 'GET', '/api/v1/metadata?metric=nope', undefined, {}],
    [
      'exemplars: none stored (GET)',
      'GET',
      `/api/v1/query_exemplars?query=up&start=${NOW / 1000 - 60}&end=${NOW / 1000}`,
      undefined,
      [],
    ],
    ['exemplars: none stored (POST)', 'POST', '/api/v1/query_exemplars', { query: 'rate(up[5m])' }, []],
    [
      'format_query (GET)',
      'GET',
      `/api/v1/format_query?query=${encodeURIComponent('sum(rate(x[5m]))by(job)')}`,
      undefined,
      'sum by (job) (rate(x[5m]))',
    ],
    [
      'format_query (POST)',
      'POST',
      '/api/v1/format_query',
      { query: 'a+on(b)group_left c' },
      'a + on (b) group_left () c',
    ],
  ];
  for (const [what, method, url, form, want] of ok) {
    it(`answers ${what}`, async () => {
      const res = await call(method, url, form);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { status: 'success', data: want });
    });
  }

  it('answers 204 without a body to an exemplar query that selects no series, as Prometheus', async () => {
    const res = await call('GET', '/api/v1/query_exemplars?query=1%2B1');
    assert.deepEqual(res, { status: 204, body: undefined });
  });

  const bad: Array<[string, 'GET' | 'POST', string, string]> = [
    ['metadata: limit not a number', 'GET', '/api/v1/metadata?limit=ten', 'limit must be a number'],
    [
      'metadata: limit_per_metric not a number',
      'GET',
      '/api/v1/metadata?limit_per_metric=1.5',
      'limit_per_metric must be a number',
    ],
    [
      'exemplars: bad start',
      'GET',
      '/api/v1/query_exemplars?query=up&start=yesterday',
      'invalid parameter "start": cannot parse "yesterday" to a valid timestamp',
    ],
    [
      'exemplars: end before start',
      'GET',
      '/api/v1/query_exemplars?query=up&start=10&end=5',
      'end timestamp must not be before start timestamp',
    ],
    [
      'exemplars: no query',
      'GET',
      '/api/v1/query_exemplars',
      'unknown position: parse error: no expression found in input',
    ],
    [
      'exemplars: bad query',
      'GET',
      '/api/v1/query_exemplars?query=up%7B',
      '1:4: parse error: unexpected end of input inside braces',
    ],
    [
      'format_query: bad query',
      'GET',
      '/api/v1/format_query?query=sum(',
      'invalid parameter "query": 1:5: parse error: unclosed left parenthesis',
    ],
  ];
  for (const [what, method, url, message] of bad) {
    it(`refuses ${what} with 400 bad_data`, async () => {
      const res = await call(method, url);
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { status: 'error', errorType: 'bad_data', error: message });
    });
  }
});

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

/** Parameters from the query string and a form body, read as Prometheus reads them. */
describe('API parameters', () => {
  let n: TestNester;
  const call = async (method: 'GET' | 'POST', url: string, form?: string) => {
    const headers: Record<string, string> = { cookie: n.adminCookie, 'x-seahawks-csrf': '1' };
    if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await n.app.inject({ method, url, headers, payload: form });
    return { status: res.statusCode, body: res.json<Envelope>() };
  };

  before(async () => {
    n = await startTestNester(() => NOW);
    await n.deps.appender.append(
      ['node_load1', 'up', 'node_time_seconds'].map((name) => ({
        labels: labelsFromRecord({ __name__: name, job: 'node' }),
        samples: [{ t: NOW, v: 1 }],
      })),
    );
  });
  after(() => n.close());

  it('keeps a repeated parameter from both the body and the query string', async () => {
    const res = await call('POST', '/api/v1/series?match[]=up', 'match[]=node_load1');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const names = (res.body.data as Array<{ __name__: string }>).map((s) => s.__name__).sort();
    assert.deepEqual(names, ['node_load1', 'up']);
  });

  it("takes the body's value of a single parameter over the query string's", async () => {
    const res = await call('POST', `/api/v1/query?query=1&time=${NOW / 1000}`, 'query=2');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.data, { resultType: 'scalar', result: [NOW / 1000, '2'] });
  });

  it("accepts Prometheus' own open-range bounds as start and end", async () => {
    const start = encodeURIComponent('-292273086-05-16T16:47:06Z');
    const end = encodeURIComponent('292277025-08-18T07:12:54.999999999Z');
    const res = await call('GET', `/api/v1/labels?start=${start}&end=${end}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.data, ['__name__', 'job']);
  });

  it('refuses a time out of float range or a date that does not exist, naming the parameter', async () => {
    for (const [url, text] of [
      ['/api/v1/query?query=up&time=1e400', '1e400'],
      ['/api/v1/labels?start=2023-02-29T00:00:00Z', '2023-02-29T00:00:00Z'],
      ['/api/v1/query_range?query=up&start=0&end=2023-11-14T22:13:20&step=15', '2023-11-14T22:13:20'],
    ] as const) {
      const res = await call('GET', url);
      assert.equal(res.status, 400, url);
      assert.equal(res.body.errorType, 'bad_data', url);
      assert.match(
        res.body.error ?? '',
        new RegExp(`cannot parse "${text.replace(/[.+]/g, '\\$&')}" to a valid timestamp`),
        url,
      );
    }
  });
});

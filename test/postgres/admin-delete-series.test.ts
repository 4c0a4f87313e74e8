// Prometheus' delete_series against a real nester process on a real PostgreSQL (a throwaway
// server on loopback, selected by a config file): samples written by remote_write, deleted over
// HTTP with an admin's API token (a range cutting one series, whole series by two match[]),
// then read back through the query, series and label APIs, and written again at the deleted
// timestamps. Who may call the endpoint is tested in-process (api/admin-tsdb-routes.test.ts).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import type { RemoteWriteSeriesInput } from '@seahawks/protocol';
import { startNester } from '../support/nester-process.js';
import type { RunningNester } from '../support/nester-process.js';
import { startTempPostgres } from '../support/postgres.js';
import type { TempPostgres } from '../support/postgres.js';
import { postWrite } from '../support/remote-write.js';

/** Ten samples 10 s apart, from a whole minute a little in the past. */
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const times = Array.from({ length: 10 }, (_, i) => T0 + i * 10_000);

function series(labels: Record<string, string>, value: (i: number) => number): RemoteWriteSeriesInput {
  return {
    labels: Object.entries(labels)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, v]) => ({ name, value: v })),
    samples: times.map((t, i) => ({ t, v: value(i) })),
  };
}

interface PromBody {
  status: string;
  data: unknown;
}

describe('admin API: delete_series on the PostgreSQL engine, over HTTP', () => {
  let postgres: TempPostgres | undefined;
  let nester: RunningNester | undefined;
  let dir: string | undefined;
  let token = '';

  before(async () => {
    postgres = await startTempPostgres();
    const url = await postgres.createDatabase();
    dir = await mkdtemp(join(tmpdir(), 'seahawks-admin-delete-'));
    const config = join(dir, 'nester.json');
    await writeFile(config, JSON.stringify({ storage: { engine: 'postgres', postgres: { url } } }));
    nester = await startNester(['--config', config]);
    const res = await fetch(`${nester.url}/api/auth/tokens`, {
      method: 'POST',
      headers: { ...nester.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'cleanup', role: 'admin' }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    token = ((await res.json()) as { token: string }).token;
  });
  after(async () => {
    await nester?.stop();
    await postgres?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const write = (s: RemoteWriteSeriesInput[]): Promise<void> =>
    postWrite(
      { name: 'nester', url: `${nester!.url}/api/v1/write`, headers: nester!.headers },
      snappyCompress(encodeWriteRequest(s)),
    );
  const get = async (path: string): Promise<unknown> => {
    const res = await fetch(`${nester!.url}${path}`, { headers: nester!.headers });
    const body = (await res.json()) as PromBody;
    assert.equal(res.status, 200, JSON.stringify(body));
    return body.data;
  };
  /** `'<seconds after T0>:<value> …'` of one series over the ten samples' span. */
  const samplesOf = async (selector: string): Promise<string> => {
    const q = encodeURIComponent(`${selector}[100s]`);
    const data = (await get(`/api/v1/query?query=${q}&time=${(T0 + 95_000) / 1000}`)) as {
      result: Array<{ values: Array<[number, string]> }>;
    };
    assert.ok(data.result.length <= 1, `one series for ${selector}`);
    return (data.result[0]?.values ?? []).map(([t, v]) => `${t - T0 / 1000}:${v}`).join(' ');
  };
  const admin = (method: 'POST' | 'PUT', path: string, form: string): Promise<Response> =>
    fetch(`${nester!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });

  it(
    'deletes by range and by selector, and takes the deleted timestamps again',
    { timeout: 120_000 },
    async () => {
      await write([
        series({ __name__: 'del_me', job: 'a' }, (i) => i),
        series({ __name__: 'del_me', job: 'b', zone: 'z9' }, (i) => 100 + i),
        series({ __name__: 'del_too' }, () => 7),
        series({ __name__: 'keep_me', job: 'a' }, (i) => 200 + i),
      ]);
      const all = '0:0 10:1 20:2 30:3 40:4 50:5 60:6 70:7 80:8 90:9';
      assert.equal(await samplesOf('del_me{job="a"}'), all);

      // A range cutting one series: inclusive at both ends, RFC 3339 and Unix seconds alike.
      const start = new Date(T0 + 20_000).toISOString();
      const cut = await admin(
        'POST',
        '/api/v1/admin/tsdb/delete_series',
        `match[]=${encodeURIComponent('del_me{job="a"}')}&start=${start}&end=${(T0 + 50_000) / 1000}`,
      );
      assert.equal(cut.status, 204, await cut.text());
      assert.equal(await samplesOf('del_me{job="a"}'), '0:0 10:1 60:6 70:7 80:8 90:9');

      // Whole series, two selectors at once, by PUT: gone from every look-up.
      const whole = await admin(
        'PUT',
        '/api/v1/admin/tsdb/delete_series',
        `match[]=${encodeURIComponent('{zone="z9"}')}&match[]=del_too`,
      );
      assert.equal(whole.status, 204, await whole.text());
      assert.equal(await samplesOf('del_me{job="b"}'), '');
      assert.equal(await samplesOf('del_too'), '');
      const names = await get('/api/v1/label/__name__/values');
      assert.deepEqual(names, ['del_me', 'keep_me']);
      assert.deepEqual(await get('/api/v1/label/zone/values'), []);
      assert.deepEqual(await get('/api/v1/labels'), ['__name__', 'job']);
      const found = (await get(`/api/v1/series?match[]=${encodeURIComponent('{job=~".+"}')}`)) as unknown[];
      assert.equal(found.length, 2);
      assert.equal(
        await samplesOf('keep_me'),
        times.map((t, i) => `${(t - T0) / 1000}:${200 + i}`).join(' '),
      );

      // Written again at the deleted timestamps, with other values: new samples, not duplicates.
      await write([
        series({ __name__: 'del_me', job: 'b', zone: 'z9' }, (i) => -1 - i),
        series({ __name__: 'del_me', job: 'a' }, (i) => i),
      ]);
      assert.equal(
        await samplesOf('del_me{job="b"}'),
        times.map((t, i) => `${(t - T0) / 1000}:${-1 - i}`).join(' '),
      );
      assert.equal(await samplesOf('del_me{job="a"}'), all);

      const clean = await admin('POST', '/api/v1/admin/tsdb/clean_tombstones', '');
      assert.equal(clean.status, 204, await clean.text());
    },
  );

  it('answers 400 bad_data with the parse error for a bad selector', async () => {
    const res = await admin('POST', '/api/v1/admin/tsdb/delete_series', 'match[]=del_me{');
    assert.equal(res.status, 400);
    const body = (await res.json()) as { status: string; errorType: string; error: string };
    assert.deepEqual([body.status, body.errorType], ['error', 'bad_data']);
    assert.match(body.error, /parse error/);
  });
});

/// <reference types="node" />
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { apiRequest, ApiError, CSRF_HEADER, setUnauthorizedHandler } from './api-client';
import { PromQueryError, queryRange } from './prom-api';

const realFetch = globalThis.fetch;
let calls: Array<{ url: string; init: RequestInit | undefined }> = [];

function answer(status: number, body: unknown): void {
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: input instanceof Request ? input.url : input.toString(), init });
    return Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status }));
  };
}

describe('api-client', () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
    calls = [];
    setUnauthorizedHandler(() => undefined);
  });

  it('sends the CSRF header on writes only, with same-origin credentials', async () => {
    answer(204, undefined);
    await apiRequest('/api/auth/logout', { method: 'POST' });
    await apiRequest('/api/fleet');
    const [write, read] = calls;
    assert.equal((write?.init?.headers as Record<string, string>)[CSRF_HEADER], '1');
    assert.equal((read?.init?.headers as Record<string, string>)[CSRF_HEADER], undefined);
    assert.equal(write?.init?.credentials, 'same-origin');
  });

  it('reports a 401 to the unauthorized handler and rejects with the server text', async () => {
    let told = 0;
    setUnauthorizedHandler(() => told++);
    answer(401, { error: 'session expired' });
    await assert.rejects(
      apiRequest('/api/fleet'),
      (e: unknown) => e instanceof ApiError && e.status === 401 && e.message === 'session expired',
    );
    assert.equal(told, 1);
  });

  it('turns a Prometheus error envelope into a PromQueryError', async () => {
    answer(400, { status: 'error', errorType: 'bad_data', error: 'parse error: unknown function "scalar"' });
    await assert.rejects(
      queryRange({ query: 'scalar(up)', start: 0, end: 60, step: 1 }),
      (e: unknown) =>
        e instanceof PromQueryError && e.errorType === 'bad_data' && e.message.includes('scalar'),
    );
  });

  it('parses a matrix, including special float values', async () => {
    answer(200, {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { mode: 'user' },
            values: [
              [10, '0.5'],
              [11, '+Inf'],
            ],
          },
        ],
      },
    });
    const result = await queryRange({ query: 'x', start: 10, end: 11, step: 1 });
    assert.deepEqual(result, [
      {
        metric: { mode: 'user' },
        values: [
          [10, 0.5],
          [11, Infinity],
        ],
      },
    ]);
  });
});

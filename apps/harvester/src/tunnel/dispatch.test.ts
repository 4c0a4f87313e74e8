import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeahawksError } from '@seahawks/model';
import { dispatchRequest } from './dispatch.js';
import { fitInventory } from './fit-inventory.js';
import type { RequestContext, RequestHandler } from './handlers.js';

const ctx = { logger: () => undefined } as unknown as RequestContext;
const handlers = new Map<string, RequestHandler>([
  ['ping', (params) => Promise.resolve({ pong: params })],
  ['fails', async () => Promise.reject(new SeahawksError('disk_full', 'cannot write /x: no space'))],
  ['crashes', async () => Promise.reject(new TypeError('boom'))],
]);

describe('request dispatch', () => {
  it('replies with the result, the typed error, or internal', async () => {
    const run = (method: string) =>
      dispatchRequest({ type: 'request', id: 3, method, params: 1 }, handlers, ctx);
    assert.deepEqual(await run('ping'), { type: 'reply', id: 3, result: { pong: 1 } });
    assert.deepEqual(await run('fails'), {
      type: 'reply',
      id: 3,
      error: { code: 'disk_full', message: 'cannot write /x: no space' },
    });
    assert.deepEqual(await run('crashes'), {
      type: 'reply',
      id: 3,
      error: { code: 'internal', message: 'boom' },
    });
    assert.deepEqual(await run('nope'), {
      type: 'reply',
      id: 3,
      error: { code: 'unknown_method', message: 'cannot call nope: this harvester has no such method' },
    });
  });
});

describe('fitInventory', () => {
  it('cuts strings and address lists to the protocol bounds, drops undefined fields', () => {
    const fitted = fitInventory({
      os: 'x'.repeat(300),
      ips: ['a'.repeat(65), '10.0.0.1'],
      cpus: 4,
      kernel: undefined,
    });
    assert.deepEqual(fitted, { os: 'x'.repeat(256), ips: ['10.0.0.1'], cpus: 4 });
  });
});

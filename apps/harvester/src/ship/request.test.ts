import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeWriteRequest, snappyUncompress } from '@seahawks/protocol';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { buildBody, classifyStatus, takeWithin } from './request.js';
import { batchPayload } from './test-server.js';

const batch = (id: number, job: string) => ({
  id,
  payload: batchPayload(job, 1_700_000_000_000),
  meta: { minT: 0, maxT: 0, samples: 1 },
});

describe('remote_write requests', () => {
  const verdicts: [number, string][] = [
    [200, 'ok'],
    [204, 'ok'],
    [400, 'poison'],
    [413, 'poison'],
    [422, 'poison'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [302, 'retry'],
  ];
  for (const [status, verdict] of verdicts) {
    it(`treats HTTP ${status} as ${verdict}`, () => assert.equal(classifyStatus(status), verdict));
  }

  it('merges batches into one WriteRequest, in order', () => {
    const { body, included, unreadable } = buildBody([batch(1, 'a'), batch(2, 'b'), batch(3, 'c')], 1 << 20);
    assert.equal(included.length, 3);
    assert.deepEqual(unreadable, []);
    const jobs = decodeWriteRequest(snappyUncompress(body, 1 << 20)).series.map((s) => s.labels[1]!.value);
    assert.deepEqual(jobs, ['a', 'b', 'c']);
  });

  it('sends one batch as is and sets unreadable ones aside when merging', () => {
    const one = batch(1, 'a');
    assert.equal(buildBody([one], 1 << 20).body, one.payload);
    const broken = { ...batch(2, 'b'), payload: Uint8Array.from([0x05, 0xff]) };
    const { included, unreadable } = buildBody([one, broken], 1 << 20);
    assert.deepEqual(
      included.map((b) => b.id),
      [1],
    );
    assert.match(unreadable[0]!.error, /^cannot decompress snappy block: /);
  });

  it('takes batches within the request size, at least one', () => {
    const batches = [batch(1, 'a'), batch(2, 'b'), batch(3, 'c')];
    const size = snappyUncompress(batches[0]!.payload, 1 << 20).length;
    assert.equal(takeWithin(batches, size * 2).length, 2);
    assert.equal(takeWithin(batches, 1).length, 1);
  });
});

describe('backoff', () => {
  it('grows exponentially, caps, and jitters down by up to the jitter share', () => {
    const opts = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 };
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => backoffDelay(n, opts, () => 0)),
      [100, 200, 400, 800, 1000],
    );
    assert.equal(
      backoffDelay(3, opts, () => 0.999999),
      200,
    );
    assert.equal(
      backoffDelay(1, opts, () => 0.5, 700),
      700,
      'Retry-After is a floor',
    );
    assert.equal(
      backoffDelay(1, opts, () => 0.5, 5000),
      1000,
      'capped at maxMs',
    );
  });

  it('reads Retry-After in seconds or as a date', () => {
    assert.equal(parseRetryAfter('7', 0), 7000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000), 6000);
    assert.equal(parseRetryAfter('soon', 0), undefined);
    assert.equal(parseRetryAfter(null, 0), undefined);
  });
});

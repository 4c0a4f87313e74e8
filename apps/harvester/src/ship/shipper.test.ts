import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DiskQueue } from '../queue/index.js';
import { manualClock, recordingLogger, tempDir } from '../queue/test-support.js';
import { HARVESTER_VERSION } from '../version.js';
import { createShipper } from './shipper.js';
import { batchPayload, startReceiver } from './test-server.js';
import type { TestReceiver } from './test-server.js';
import type { ShipperOptions } from './types.js';

const HOUR = 3_600_000;

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('shipper', () => {
  let receiver: TestReceiver;
  let queue: DiskQueue;
  let cleanup: () => Promise<void>;
  let clock: ReturnType<typeof manualClock>;
  let log: ReturnType<typeof recordingLogger>;

  const append = (job: string, ageMs = 0, samples = 1) => {
    const t = clock.now() - ageMs;
    return queue.append(batchPayload(job, t, samples), { minT: t - (samples - 1) * 1000, maxT: t, samples });
  };
  const shipper = (extra: Partial<ShipperOptions> = {}) =>
    createShipper({
      queue,
      url: receiver.url,
      credential: 'sekrit',
      clock: clock.now,
      logger: log.logger,
      ...extra,
    });

  beforeEach(async () => {
    receiver = await startReceiver();
    clock = manualClock();
    log = recordingLogger();
    const tmp = await tempDir('ship');
    cleanup = tmp.cleanup;
    queue = await DiskQueue.open(tmp.dir, {
      maxBytes: 1 << 24,
      maxAgeMs: 24 * HOUR,
      clock: clock.now,
      logger: log.logger,
    });
  });
  afterEach(async () => {
    await queue.close();
    await receiver.close();
    await cleanup();
  });

  it('merges due batches into one request with the remote_write headers, then acknowledges them', async () => {
    for (const job of ['a', 'b', 'c']) await append(job, 0, 2);
    const s = shipper();
    const result = await s.flushOnce();
    assert.deepEqual(result, {
      status: 'sent',
      sentBatches: 3,
      poisonBatches: 0,
      remaining: 0,
      waitMs: 1000,
    });
    assert.equal(receiver.requests.length, 1);
    const { headers, jobs, series } = receiver.requests[0]!;
    assert.deepEqual(jobs, ['a', 'b', 'c']);
    assert.equal(series[0]!.samples.length, 2);
    assert.equal(headers['content-encoding'], 'snappy');
    assert.equal(headers['content-type'], 'application/x-protobuf');
    assert.equal(headers['x-prometheus-remote-write-version'], '0.1.0');
    assert.equal(headers.authorization, 'Bearer sekrit');
    assert.equal(headers['user-agent'], `seahawks-harvester/${HARVESTER_VERSION}`);
    assert.equal(queue.stats().batches, 0);
    const stats = s.stats();
    assert.equal(stats.sentBatches, 3);
    assert.equal(stats.sentSamples, 6);
    assert.equal(stats.lastSuccessMs, clock.now());
    assert.equal(stats.failures, 0);
  });

  it('drops a poison batch with the nester message after isolating it from the good ones', async () => {
    for (const job of ['a', 'bad', 'c']) await append(job);
    receiver.respond = (req) =>
      req.jobs.includes('bad') ? { status: 400, body: 'invalid label name "0bad"\n' } : { status: 204 };
    const s = shipper();
    const result = await s.flushOnce();
    assert.equal(result.status, 'sent');
    assert.deepEqual(
      receiver.requests.map((r) => r.jobs),
      [['a', 'bad', 'c'], ['a'], ['bad'], ['c']],
    );
    assert.equal(queue.stats().batches, 0, 'the poison batch no longer blocks the queue');
    assert.equal(s.stats().poisonBatches, 1);
    assert.equal(s.stats().sentBatches, 2);
    const error = log.at('error')[0]!;
    assert.match(
      error.message,
      /^dropping batch 1 \(1 samples\) the nester refused: cannot send remote_write request/,
    );
    assert.match(error.message, /HTTP 400 invalid label name "0bad"$/);
  });

  it('stops on 401, reports it and keeps the data', async () => {
    await append('a');
    receiver.respond = () => ({ status: 401, body: 'credential revoked' });
    const reported: [number, string][] = [];
    const s = shipper({ onAuthFailure: (status, message) => reported.push([status, message]) });
    s.start();
    await waitFor('the shipper gives up', () => s.stats().state === 'auth_failed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(receiver.requests.length, 1, 'no retries with a refused credential');
    assert.equal(queue.stats().batches, 1, 'nothing dropped');
    assert.equal(reported.length, 1);
    assert.equal(reported[0]![0], 401);
    assert.match(reported[0]![1], /HTTP 401 credential revoked$/);
    assert.match(s.stats().lastError ?? '', /HTTP 401/);
    await s.stop();
    assert.equal(s.stats().state, 'auth_failed');
  });

  it('keeps the data through 5xx answers and retries with jittered exponential backoff', async () => {
    await append('a');
    let calls = 0;
    receiver.respond = () => (++calls <= 3 ? { status: 503, body: 'storage unavailable' } : { status: 204 });
    const delays: number[] = [];
    const s = shipper({
      backoff: { initialMs: 100, factor: 2, maxMs: 10_000, jitter: 0.5 },
      random: () => 0.5,
      sleep: (ms, signal) => {
        delays.push(ms);
        return new Promise((resolve) => {
          const timer = setTimeout(resolve, 2);
          signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      },
    });
    s.start();
    await waitFor('the batch is delivered', () => queue.stats().batches === 0);
    await s.stop();
    assert.deepEqual(delays.slice(0, 3), [75, 150, 300]);
    assert.equal(receiver.requests.length, 4);
    assert.equal(s.stats().failures, 3);
    assert.equal(s.stats().sentBatches, 1);
    assert.match(s.stats().lastError ?? '', /HTTP 503 storage unavailable$/);
    assert.equal(log.at('warn').filter((l) => /retrying in \d+ ms$/.test(l.message)).length, 3);
  });

  it('keeps the data on a network error and honours Retry-After on 429', async () => {
    await append('a');
    const gone = await startReceiver();
    await gone.close(); // a port nobody listens on any more
    const s = shipper({ url: gone.url, backoff: { initialMs: 10, jitter: 0 } });
    const down = await s.flushOnce();
    assert.equal(down.status, 'retry');
    assert.equal(down.waitMs, 10);
    const expected = `cannot send remote_write request (39 bytes) to ${gone.url}: fetch failed: connect ECONNREFUSED`;
    assert.ok(s.stats().lastError?.startsWith(expected), s.stats().lastError);
    assert.equal(queue.stats().batches, 1);

    receiver.respond = () => ({ status: 429, headers: { 'Retry-After': '3' } });
    const limited = await shipper({ backoff: { initialMs: 10, jitter: 0 } }).flushOnce();
    assert.equal(limited.status, 'retry');
    assert.equal(limited.waitMs, 3000);
    assert.equal(queue.stats().batches, 1);
  });

  it('sends live batches ahead of a backlog replayed oldest first at the configured rate', async () => {
    for (let i = 0; i < 12; i++) await append(`old${i}`, HOUR - i * 15_000); // an hour-old outage backlog
    await append('live');
    const s = shipper({ maxBatchesPerSend: 4, replayBatchesPerSecond: 2 });
    const first = await s.flushOnce();
    assert.deepEqual(
      receiver.requests.map((r) => r.jobs),
      [['live'], ['old0', 'old1', 'old2', 'old3']],
    );
    assert.deepEqual(first, { status: 'sent', sentBatches: 5, poisonBatches: 0, remaining: 8, waitMs: 500 });

    const early = await s.flushOnce();
    assert.equal(early.status, 'idle', 'no replay budget left yet');
    clock.advance(1000); // 2 batches of budget at 2/s
    await append('live2');
    await s.flushOnce();
    assert.deepEqual(
      receiver.requests.slice(2).map((r) => r.jobs),
      [['live2'], ['old4', 'old5']],
    );
    clock.advance(60_000);
    while ((await s.flushOnce()).remaining > 0) clock.advance(1000);
    const replayed = receiver.requests.flatMap((r) => r.jobs).filter((j) => j.startsWith('old'));
    assert.deepEqual(
      replayed,
      Array.from({ length: 12 }, (_, i) => `old${i}`),
      'oldest first, none lost',
    );
  });

  it('wakes an idle loop on kick', async () => {
    const s = shipper({ idlePollMs: 60_000 });
    s.start();
    await waitFor('the loop idles', () => s.stats().state === 'running');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await append('a');
    s.kick();
    await waitFor('the kicked batch is delivered', () => receiver.requests.length === 1, 2000);
    await s.stop();
    assert.equal(s.stats().state, 'stopped');
  });

  it('cuts a backoff short when told the nester is reachable again, but a kick does not', async () => {
    await append('a');
    let up = false;
    receiver.respond = () => (up ? { status: 204 } : { status: 503, body: 'down' });
    const s = shipper({ backoff: { initialMs: 60_000, factor: 2, maxMs: 60_000, jitter: 0 } });
    s.start();
    await waitFor('the first failure', () => s.stats().failures === 1);
    up = true;
    s.kick();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(receiver.requests.length, 1, 'a kick leaves the backoff alone');
    s.nesterReachable();
    await waitFor('the batch is delivered', () => queue.stats().batches === 0, 2000);
    await s.stop();
    assert.equal(receiver.requests.length, 2);
  });

  it('stop aborts a request in flight and keeps its batches', async () => {
    await append('a');
    receiver.respond = () => 'hang';
    const s = shipper();
    s.start();
    await waitFor('the request reaches the nester', () => receiver.requests.length === 1);
    const started = Date.now();
    await s.stop();
    assert.ok(Date.now() - started < 1000, 'stop does not wait for the timeout');
    assert.equal(queue.stats().batches, 1);
  });
});

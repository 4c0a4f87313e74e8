import { describeError, InvalidInputError } from '@seahawks/model';
import type { QueuedBatch } from '../queue/index.js';
import { HARVESTER_VERSION } from '../version.js';
import { backoffDelay } from './backoff.js';
import { post } from './post.js';
import type { SendOutcome } from './post.js';
import { buildBody, takeWithin } from './request.js';
import type { FlushResult, Shipper, ShipperOptions, ShipperState, ShipperStats } from './types.js';

/** Tally of one flush, folded into its `FlushResult`. */
interface Tally {
  sent: number;
  poison: number;
  failed?: SendOutcome;
}

/**
 * Ships the on-disk queue to the nester as Prometheus remote_write 1.0 (see `ShipperOptions`).
 *
 * Each flush first sends the live batches (newest sample within `liveWindowMs`), so current data
 * keeps flowing during a replay, then replays the backlog oldest first at `replayBatchesPerSecond`
 * (a token bucket). Up to `maxBatchesPerSend` batches are merged into one request.
 * 2xx acknowledges; 4xx (but 401/403/404/405/408/429) marks the data poison: logged with the
 * nester's message, counted, acknowledged, after isolating it when several batches were merged;
 * 401/403 stops the shipper and keeps the data; anything else retries with jittered backoff.
 */
export function createShipper(options: ShipperOptions): Shipper {
  const { queue, logger } = options;
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const maxPerSend = options.maxBatchesPerSend ?? 10;
  const maxRequestBytes = options.maxRequestBytes ?? 4 << 20;
  const replayRate = options.replayBatchesPerSecond ?? 20;
  const liveWindowMs = options.liveWindowMs ?? 30_000;
  const idlePollMs = options.idlePollMs ?? 1000;
  if (!(maxPerSend >= 1) || !(replayRate > 0) || !(maxRequestBytes > 0)) {
    throw new InvalidInputError(
      `cannot create shipper: maxBatchesPerSend (${maxPerSend}), replayBatchesPerSecond (${replayRate}) and maxRequestBytes (${maxRequestBytes}) must be positive`,
    );
  }
  const headers = {
    'Content-Encoding': 'snappy',
    'Content-Type': 'application/x-protobuf',
    'X-Prometheus-Remote-Write-Version': '0.1.0',
    Authorization: `Bearer ${options.credential}`,
    'User-Agent': `seahawks-harvester/${HARVESTER_VERSION}`,
  };

  let state: ShipperState = 'stopped';
  const counters = { sentBatches: 0, sentSamples: 0, failures: 0, poisonBatches: 0 };
  let lastError: string | undefined;
  let lastSuccessMs: number | undefined;
  let attempt = 0; // consecutive failures, for the backoff
  let tokens = maxPerSend; // replay budget in batches, refilled at replayRate per second
  let refilledAt = clock();
  let stopController = new AbortController();
  let wake = new AbortController();
  let reachable = new AbortController();
  let kicked = false;
  let loop: Promise<void> | undefined;
  let flushing: Promise<unknown> = Promise.resolve();

  /** Sends batches as one request; false when it failed (recorded in `tally.failed`). */
  async function send(batches: QueuedBatch[], tally: Tally): Promise<boolean> {
    const { body, included, unreadable } = buildBody(batches, maxRequestBytes);
    for (const u of unreadable)
      await poison([u.batch], `cannot uncompress the queued batch: ${u.error}`, tally);
    if (included.length === 0) return true;
    const outcome = await post(options, headers, body, stopController.signal, clock);
    switch (outcome.verdict) {
      case 'ok':
        await queue.ack(included.map((b) => b.id));
        counters.sentBatches += included.length;
        for (const b of included) counters.sentSamples += b.meta.samples;
        tally.sent += included.length;
        lastSuccessMs = clock();
        attempt = 0;
        return true;
      case 'poison':
        if (included.length === 1) {
          await poison(included, outcome.message, tally);
          return true;
        }
        // One bad batch must not take down the good ones merged with it: send them one by one.
        for (const b of included) if (!(await send([b], tally))) return false;
        return true;
      case 'retry':
      case 'auth':
        tally.failed = outcome;
        counters.failures++;
        lastError = outcome.message;
        return false;
    }
  }

  async function poison(batches: QueuedBatch[], message: string, tally: Tally): Promise<void> {
    const ids = batches.map((b) => b.id);
    const samples = batches.reduce((n, b) => n + b.meta.samples, 0);
    logger('error', `dropping batch ${ids.join(', ')} (${samples} samples) the nester refused: ${message}`, {
      batches: ids,
      samples,
    });
    await queue.ack(ids);
    counters.poisonBatches += batches.length;
    tally.poison += batches.length;
  }

  async function flush(): Promise<FlushResult> {
    const tally: Tally = { sent: 0, poison: 0 };
    const live = await queue.peekNewest(maxPerSend, clock() - liveWindowMs);
    const liveOk = live.length === 0 || (await send(takeWithin(live, maxRequestBytes), tally));
    const now = clock();
    tokens = Math.min(maxPerSend, tokens + ((now - refilledAt) / 1000) * replayRate);
    refilledAt = now;
    if (liveOk && tokens >= 1) {
      const backlog = takeWithin(await queue.peek(Math.floor(tokens)), maxRequestBytes);
      tokens -= backlog.length;
      if (backlog.length > 0) await send(backlog, tally);
    }
    return conclude(tally);
  }

  function conclude(tally: Tally): FlushResult {
    const remaining = queue.stats().batches;
    const base = { sentBatches: tally.sent, poisonBatches: tally.poison, remaining };
    const failed = tally.failed;
    if (failed?.verdict === 'auth') {
      state = 'auth_failed';
      logger('error', `${failed.message}; stopping the shipper, queued data is kept`, {
        status: failed.status,
      });
      options.onAuthFailure?.(failed.status ?? 0, failed.message);
      return { ...base, status: 'auth_failed', waitMs: 0 };
    }
    if (failed !== undefined) {
      return { ...base, status: 'retry', waitMs: retryDelay(failed.message, failed.retryAfterMs) };
    }
    const status = tally.sent + tally.poison > 0 ? 'sent' : 'idle';
    const waitMs =
      remaining === 0 ? idlePollMs : tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / replayRate) * 1000);
    return { ...base, status, waitMs };
  }

  function retryDelay(message: string, retryAfterMs?: number): number {
    attempt++;
    const waitMs = backoffDelay(attempt, options.backoff, random, retryAfterMs);
    logger('warn', `${message}; retrying in ${waitMs} ms`, { attempt, waitMs });
    return waitMs;
  }

  /** One flush at a time, whether from the loop or a caller. */
  function flushOnce(): Promise<FlushResult> {
    const next = flushing.then(flush);
    flushing = next.catch(() => undefined);
    return next;
  }

  async function run(): Promise<void> {
    const stop = stopController.signal;
    while (!stop.aborted) {
      let outcome: FlushResult;
      kicked = false; // this flush sees every batch appended so far
      try {
        outcome = await flushOnce();
      } catch (err) {
        // The queue itself failed (a disk error): count it, log it, retry after a backoff.
        counters.failures++;
        lastError = `cannot ship queued batches: ${describeError(err)}`;
        outcome = {
          status: 'retry',
          sentBatches: 0,
          poisonBatches: 0,
          remaining: 0,
          waitMs: retryDelay(lastError),
        };
      }
      if (outcome.status === 'auth_failed' || stop.aborted) return;
      state = outcome.status === 'retry' ? 'backing_off' : 'running';
      // A kick cuts an idle or rate-limit wait short, never a backoff: retrying early would
      // hammer a nester that is already failing.
      if (outcome.status !== 'retry' && kicked) {
        kicked = false;
        continue;
      }
      if (outcome.waitMs <= 0) continue;
      wake = new AbortController();
      reachable = new AbortController();
      const cutShort = outcome.status === 'retry' ? reachable.signal : wake.signal;
      await sleep(outcome.waitMs, AbortSignal.any([stop, cutShort]));
    }
  }

  return {
    start() {
      if (loop !== undefined) return;
      state = 'running';
      loop = run().finally(() => {
        loop = undefined;
        if (state !== 'auth_failed') state = 'stopped';
      });
    },
    async stop() {
      stopController.abort();
      await loop;
      await flushing;
      stopController = new AbortController();
    },
    flushOnce,
    kick() {
      kicked = true;
      wake.abort();
    },
    nesterReachable() {
      // The tunnel just came back: a backoff wait has nothing left to protect, so retry now
      // with the backoff reset, instead of sleeping up to a minute on a nester that is up.
      attempt = 0;
      reachable.abort();
    },
    stats(): ShipperStats {
      return { state, ...counters, lastError, lastSuccessMs };
    },
  };
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

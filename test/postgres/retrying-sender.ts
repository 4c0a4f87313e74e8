// A remote_write sender as Prometheus' is: one request at a time, each retried until it is
// acknowledged (2xx), the next only after it; every answer is recorded with its status and body,
// so a test can say what the receiver answered while its store was away.
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import { labelsFromRecord } from '@seahawks/model';
import { sleep } from '../support/processes.js';

/** One HTTP answer the sender got (status 0: no answer at all, `body` says why). */
export interface SenderAnswer {
  readonly at: number;
  readonly batch: number;
  readonly status: number;
  readonly body: string;
}

export interface SenderLog {
  /** Timestamp (ms) of every acknowledged batch, by batch number, in order. */
  readonly acknowledged: number[];
  readonly answers: SenderAnswer[];
}

export interface RetryingSender {
  readonly log: SenderLog;
  /** Lets the request in flight finish (acknowledged or not) and stops. */
  stop(): Promise<void>;
}

/** The series every batch writes: `SERIES` series of `metric`, one sample each at the batch's time. */
export const SENDER_SERIES = 5;

/**
 * Starts sending to `url` (with `headers`): batch n holds one sample per series at the time it
 * was made, value n; retried every `retryMs` until acknowledged; the next batch `intervalMs` later.
 */
export function startRetryingSender(opts: {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly metric: string;
  readonly intervalMs: number;
  readonly retryMs: number;
}): RetryingSender {
  const log: SenderLog = { acknowledged: [], answers: [] };
  let running = true;
  const post = async (batch: number, body: Uint8Array): Promise<boolean> => {
    let status = 0;
    let text: string;
    try {
      const res = await fetch(opts.url, {
        method: 'POST',
        headers: {
          ...opts.headers,
          'content-type': 'application/x-protobuf',
          'content-encoding': 'snappy',
          'x-prometheus-remote-write-version': '0.1.0',
        },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      text = err instanceof Error ? err.message : String(err);
    }
    log.answers.push({ at: Date.now(), batch, status, body: text });
    return status >= 200 && status < 300;
  };
  const loop = (async () => {
    for (let batch = 0; running; batch++) {
      const t = Date.now();
      const series = Array.from({ length: SENDER_SERIES }, (_, i) => ({
        labels: labelsFromRecord({ __name__: opts.metric, job: 'sender', series: String(i) }),
        samples: [{ t, v: batch }],
      }));
      const body = snappyCompress(encodeWriteRequest(series));
      while (!(await post(batch, body))) {
        if (!running) return;
        await sleep(opts.retryMs);
      }
      log.acknowledged.push(t);
      await sleep(opts.intervalMs);
    }
  })();
  return {
    log,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

import type { Clock, Logger, QueuedBatch } from '../queue/index.js';

/** What the shipper needs from the queue (a `DiskQueue` provides it). */
export interface ShipperQueue {
  peek(max: number): Promise<QueuedBatch[]>;
  peekNewest(max: number, sinceT?: number): Promise<QueuedBatch[]>;
  ack(ids: readonly number[]): Promise<void>;
  stats(): { readonly batches: number };
}

/** Jittered exponential backoff between failed sends. */
export interface BackoffOptions {
  /** Delay after the first failure, ms. Default 1000. */
  readonly initialMs?: number;
  /** Upper bound of any delay, ms (also caps a server's Retry-After). Default 60 000. */
  readonly maxMs?: number;
  /** Growth per consecutive failure. Default 2. */
  readonly factor?: number;
  /** Fraction of the delay randomly taken off, 0..1, so a fleet does not retry in step. Default 0.5. */
  readonly jitter?: number;
}

export interface ShipperOptions {
  readonly queue: ShipperQueue;
  /** The nester's remote_write endpoint, e.g. `https://nester:8080/api/v1/write`. */
  readonly url: string;
  /** The harvester's credential, sent as `Authorization: Bearer …`. */
  readonly credential: string;
  readonly fetch?: typeof globalThis.fetch;
  /** ms since the epoch; default `Date.now`. */
  readonly clock?: Clock;
  readonly logger: Logger;
  /** Batches merged into one request at most. Default 10. */
  readonly maxBatchesPerSend?: number;
  /** Uncompressed protobuf bytes per request at most (one batch is always sent whole). Default 4 MiB. */
  readonly maxRequestBytes?: number;
  /** Rate of backlog replay, batches per second; the live stream is not counted. Default 20. */
  readonly replayBatchesPerSecond?: number;
  /** A batch whose newest sample is at most this old (ms) is live and jumps the backlog. Default 30 000. */
  readonly liveWindowMs?: number;
  readonly backoff?: BackoffOptions;
  /** Per-request timeout, ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** How long the loop sleeps when the queue is empty and nobody calls `kick`, ms. Default 1000. */
  readonly idlePollMs?: number;
  /** Uniform random in [0, 1) for the jitter; injected by tests. Default `Math.random`. */
  readonly random?: () => number;
  /** Waits `ms` or until `signal` aborts, whichever comes first (never rejects). Injected by tests. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called once when the nester refuses the credential (401/403); the shipper has stopped. */
  readonly onAuthFailure?: (status: number, message: string) => void;
}

export type ShipperState = 'stopped' | 'running' | 'backing_off' | 'auth_failed';

export interface ShipperStats {
  readonly state: ShipperState;
  /** Batches the nester accepted (2xx). */
  readonly sentBatches: number;
  /** Samples in those batches. */
  readonly sentSamples: number;
  /** Requests that failed and will be retried, or were refused for the credential. */
  readonly failures: number;
  /** Batches the nester refused as malformed (4xx), logged and dropped so they do not block the queue. */
  readonly poisonBatches: number;
  /** The last failure, `cannot send …: …`, or undefined. */
  readonly lastError: string | undefined;
  /** When the nester last accepted a request, ms since the epoch, or undefined. */
  readonly lastSuccessMs: number | undefined;
}

/** What one `flushOnce` did. */
export interface FlushResult {
  /**
   * `idle`: nothing was due; `sent`: requests went through (some batches may have been poison);
   * `retry`: a send failed, try again after `waitMs`; `auth_failed`: the credential was refused.
   */
  readonly status: 'idle' | 'sent' | 'retry' | 'auth_failed';
  readonly sentBatches: number;
  readonly poisonBatches: number;
  /** How long to wait before the next flush is useful, ms (backoff, or the replay rate). */
  readonly waitMs: number;
  /** Batches still waiting in the queue. */
  readonly remaining: number;
}

export interface Shipper {
  /** Starts the background loop (no-op when running). */
  start(): void;
  /** Stops the loop, aborting a request in flight (its batches stay queued); resolves when stopped. */
  stop(): Promise<void>;
  /** Sends what is due now: live batches first, then backlog within the replay rate. */
  flushOnce(): Promise<FlushResult>;
  /** Says a batch was just appended: an idle loop wakes up at once (a backing-off one does not). */
  kick(): void;
  /** Says the nester is known to be up again (the tunnel reconnected): a backoff wait ends now. */
  nesterReachable(): void;
  stats(): ShipperStats;
}

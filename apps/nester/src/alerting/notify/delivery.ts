// Delivers a notification with retries: exponential backoff with jitter between attempts, and
// after the last attempt a dead letter (counted, listed in the UI, logged), never a silent loss.
// Whoever hands a notification in learns whether it got through, so a group that was not
// delivered is notified again at its next flush.
import { describeError } from '@seahawks/model';
import { TEAM_LABEL } from '../../auth/access.js';
import type { AlertingMetrics } from '../metrics.js';

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

/** What a notification is about: a one-line summary, and the teams of its alerts (who may see it). */
export interface Subject {
  readonly summary: string;
  /** The alerts' `team` label values, each once; '' for alerts without one. */
  readonly teams: readonly string[];
}

/** The subject of a notification about alerts with these labels. */
export function subjectOf(summary: string, alerts: Iterable<Readonly<Record<string, string>>>): Subject {
  const teams = new Set<string>();
  for (const labels of alerts) teams.add(labels[TEAM_LABEL] ?? '');
  return { summary, teams: [...teams].sort() };
}

export interface DeadLetter {
  readonly at: number;
  readonly integration: string;
  readonly receiver: string;
  readonly attempts: number;
  readonly error: string;
  readonly summary: string;
  readonly teams: readonly string[];
}

export interface DeliveryOptions {
  readonly policy: RetryPolicy;
  readonly metrics: AlertingMetrics;
  readonly clock: () => number;
  readonly log: (level: 'warn' | 'error', msg: string, fields: Record<string, unknown>) => void;
  /** Waits between attempts; injected in tests. Rejects when `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const KEEP_DEAD_LETTERS = 100;

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class Delivery {
  readonly deadLetters: DeadLetter[] = [];
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<boolean>>();

  constructor(private readonly opts: DeliveryOptions) {}

  /** Tries `send` until it succeeds (true) or every attempt failed / the nester stops (false). */
  deliver(
    integration: string,
    receiver: string,
    subject: Subject,
    send: () => Promise<void>,
  ): Promise<boolean> {
    const p = this.run(integration, receiver, subject, send).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    return p;
  }

  private async run(
    integration: string,
    receiver: string,
    subject: Subject,
    send: () => Promise<void>,
  ): Promise<boolean> {
    const { policy, metrics } = this.opts;
    const sleep = this.opts.sleep ?? abortableSleep;
    const labels = { integration, receiver };
    let lastError = '';
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      if (this.stopping.signal.aborted) return false;
      try {
        await send();
        metrics.add('seahawks_alerting_notifications_sent_total', labels);
        return true;
      } catch (err) {
        lastError = describeError(err);
        metrics.add('seahawks_alerting_notifications_failed_total', labels);
        this.opts.log(
          'warn',
          `cannot notify ${integration} ${receiver} (attempt ${attempt} of ${policy.maxAttempts}): ${lastError}`,
          labels,
        );
      }
      if (attempt === policy.maxAttempts) break;
      const backoff = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
      try {
        await sleep(backoff * (0.8 + 0.4 * Math.random()), this.stopping.signal);
      } catch (err) {
        // Stopping: the notification is not dead, the next start notifies the group again.
        if (this.stopping.signal.aborted) return false;
        throw err;
      }
    }
    metrics.add('seahawks_alerting_notifications_dead_lettered_total', labels);
    this.deadLetters.unshift({
      at: this.opts.clock(),
      integration,
      receiver,
      attempts: policy.maxAttempts,
      error: lastError,
      summary: subject.summary,
      teams: subject.teams,
    });
    this.deadLetters.length = Math.min(this.deadLetters.length, KEEP_DEAD_LETTERS);
    this.opts.log(
      'error',
      `gave up notifying ${integration} ${receiver} after ${policy.maxAttempts} attempts: ${lastError}`,
      labels,
    );
    return false;
  }

  /** Stops retrying and waits for attempts in flight. */
  async close(): Promise<void> {
    this.stopping.abort(new Error('alerting is stopping'));
    await Promise.allSettled([...this.inFlight]);
  }
}

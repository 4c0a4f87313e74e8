// Sends alerts to Alertmanagers as Prometheus does: every firing alert is re-sent each
// `resendDelay` with `endsAt` a few evaluations ahead (so Alertmanager resolves it by itself if
// the nester goes away), and a resolved alert once with `endsAt` = when it resolved. Batches of
// at most 64 alerts go to `/api/v2/alerts` of every Alertmanager, each retried on its own.
import { subjectOf } from './delivery.js';
import type { Delivery } from './delivery.js';
import { postJson } from './http-post.js';
import { isoTime } from './notification.js';
import type { OutgoingAlert } from './notification.js';

export interface AlertmanagerTarget {
  /** Base URL, e.g. http://127.0.0.1:9093 (the path `/api/v2/alerts` is added). */
  readonly url: string;
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
}

const MAX_BATCH = 64;

export class AlertmanagerSender {
  constructor(
    private readonly targets: readonly AlertmanagerTarget[],
    private readonly delivery: Delivery,
  ) {}

  get enabled(): boolean {
    return this.targets.length > 0;
  }

  /** Hands alerts to every Alertmanager; resolves once each got them or gave up. */
  async send(alerts: readonly OutgoingAlert[]): Promise<void> {
    if (alerts.length === 0 || this.targets.length === 0) return;
    const batches: OutgoingAlert[][] = [];
    for (let i = 0; i < alerts.length; i += MAX_BATCH) batches.push(alerts.slice(i, i + MAX_BATCH));
    await Promise.all(
      this.targets.flatMap((t) =>
        batches.map((batch) =>
          this.delivery.deliver(
            'alertmanager',
            t.url,
            subjectOf(
              summary(batch),
              batch.map((a) => a.labels),
            ),
            () =>
              postJson(
                `${t.url.replace(/\/+$/, '')}/api/v2/alerts`,
                batch.map(v2Alert),
                t.timeoutMs,
                t.headers,
              ),
          ),
        ),
      ),
    );
  }
}

function v2Alert(a: OutgoingAlert): unknown {
  return {
    labels: a.labels,
    annotations: a.annotations,
    startsAt: isoTime(a.startsAt),
    endsAt: isoTime(a.endsAt),
    generatorURL: a.generatorURL,
  };
}

function summary(batch: readonly OutgoingAlert[]): string {
  const names = [...new Set(batch.map((a) => a.labels.alertname ?? '?'))];
  return `${batch.length} alert(s): ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
}

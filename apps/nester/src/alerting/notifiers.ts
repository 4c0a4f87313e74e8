import { parseDuration } from '@seahawks/model';
import type { AlertingConfig } from './config-schema.js';
import type { AlertingMetrics } from './metrics.js';
import { AlertmanagerSender } from './notify/alertmanager.js';
import { Delivery } from './notify/delivery.js';
import { Dispatcher } from './notify/dispatcher.js';
import { emailReceiver } from './notify/email.js';
import type { Receiver } from './notify/receiver.js';
import { webhookReceiver } from './notify/webhook.js';

export interface Notifiers {
  readonly delivery: Delivery;
  readonly alertmanager: AlertmanagerSender;
  readonly dispatcher: Dispatcher;
}

type Log = (level: 'warn' | 'error', msg: string, fields: Record<string, unknown>) => void;

/** The notifiers the configuration asks for; `previous` hands over its delivery and log. */
export function buildNotifiers(
  a: AlertingConfig,
  externalUrl: string,
  metrics: AlertingMetrics,
  clock: () => number,
  log: Log,
  previous?: Notifiers,
): Notifiers {
  const delivery =
    previous?.delivery ??
    new Delivery({
      policy: {
        maxAttempts: a.retry.maxAttempts,
        initialBackoffMs: parseDuration(a.retry.initialBackoff),
        maxBackoffMs: parseDuration(a.retry.maxBackoff),
      },
      metrics,
      clock,
      log,
    });
  const receivers: Receiver[] = a.webhooks.map((w, i) =>
    webhookReceiver(
      {
        name: w.name ?? `webhook-${i + 1}`,
        url: w.url,
        timeoutMs: parseDuration(w.timeout),
        headers: w.headers,
        sendResolved: w.sendResolved,
      },
      delivery,
    ),
  );
  if (a.email) {
    const [host, port] = a.email.smarthost.split(':') as [string, string];
    receivers.push(
      emailReceiver(
        {
          name: 'email',
          from: a.email.from,
          to: a.email.to,
          sendResolved: a.email.sendResolved,
          smtp: {
            host,
            port: Number(port),
            tls: a.email.tls,
            requireTls: a.email.requireTls,
            username: a.email.username,
            password: a.email.password,
            hello: a.email.hello,
            timeoutMs: parseDuration(a.email.timeout),
          },
        },
        delivery,
        clock,
      ),
    );
  }
  const dispatcher = new Dispatcher(
    {
      groupBy: a.route.groupBy,
      groupWaitMs: parseDuration(a.route.groupWait),
      groupIntervalMs: parseDuration(a.route.groupInterval),
      repeatIntervalMs: parseDuration(a.route.repeatInterval),
    },
    receivers,
    externalUrl,
  );
  if (previous) for (const [k, e] of previous.dispatcher.log) dispatcher.log.set(k, e);
  const alertmanager = new AlertmanagerSender(
    a.alertmanagers.map((m) => ({ url: m.url, timeoutMs: parseDuration(m.timeout), headers: m.headers })),
    delivery,
  );
  return { delivery, alertmanager, dispatcher };
}

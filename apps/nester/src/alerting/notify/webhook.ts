import type { Delivery, Subject } from './delivery.js';
import { postJson } from './http-post.js';
import { webhookBody } from './notification.js';
import type { GroupNotification } from './notification.js';
import type { Receiver } from './receiver.js';

export interface WebhookTarget {
  readonly name: string;
  readonly url: string;
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly sendResolved: boolean;
}

/** A webhook receiving Alertmanager's webhook message (version 4), so existing receivers work. */
export function webhookReceiver(t: WebhookTarget, delivery: Delivery): Receiver {
  return {
    integration: 'webhook',
    name: t.name,
    sendResolved: t.sendResolved,
    notify: (n: GroupNotification, subject: Subject) =>
      delivery.deliver('webhook', t.name, subject, () =>
        postJson(t.url, webhookBody(n), t.timeoutMs, t.headers),
      ),
  };
}

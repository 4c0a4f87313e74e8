import type { Subject } from './delivery.js';
import type { GroupNotification } from './notification.js';

/** One destination of grouped notifications (a webhook, an e-mail address list). */
export interface Receiver {
  readonly integration: 'webhook' | 'email';
  readonly name: string;
  /** Whether resolved alerts are notified too. */
  readonly sendResolved: boolean;
  /** Resolves true once delivered, false when given up (the group is notified again later). */
  notify(n: GroupNotification, subject: Subject): Promise<boolean>;
}

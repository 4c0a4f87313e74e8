// Groups alerts and notifies receivers as Alertmanager's dispatcher does: alerts sharing the
// `groupBy` labels form a group; a new group waits `groupWait`, then is flushed every
// `groupInterval`; a receiver is notified when a firing alert is new to it, when every alert
// resolved, when an alert resolved (if it wants resolved notices), or when `repeatInterval`
// passed. Silenced alerts are left out. What was notified is only recorded once delivered,
// so an undelivered group is notified again at its next flush, after a restart too.
import { subjectOf } from './delivery.js';
import type { GroupNotification, OutgoingAlert } from './notification.js';
import { common, fingerprint } from './notification.js';
import type { Receiver } from './receiver.js';

export interface RouteOptions {
  readonly groupBy: readonly string[];
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
}

/** What was last notified to one receiver about one group (Alertmanager's notification log). */
export interface NotifiedEntry {
  firing: string[];
  resolved: string[];
  at: number;
}

interface Group {
  readonly key: string;
  readonly labels: Record<string, string>;
  alerts: Map<string, OutgoingAlert>;
  nextFlushAt: number;
  flushing: boolean;
}

/** Entries about groups that stopped firing are forgotten after this long. */
const LOG_RETENTION_MS = 5 * 86_400_000;

export class Dispatcher {
  private readonly groups = new Map<string, Group>();
  /** Keyed by receiver name and group key. */
  readonly log = new Map<string, NotifiedEntry>();

  constructor(
    private readonly route: RouteOptions,
    private readonly receivers: readonly Receiver[],
    private readonly externalUrl: string,
  ) {}

  get enabled(): boolean {
    return this.receivers.length > 0;
  }

  /** Replaces the alerts to dispatch (firing and recently resolved, silenced ones removed). */
  update(alerts: readonly OutgoingAlert[], now: number): void {
    const byGroup = new Map<string, { labels: Record<string, string>; alerts: Map<string, OutgoingAlert> }>();
    for (const a of alerts) {
      const labels: Record<string, string> = {};
      for (const name of this.route.groupBy) if (a.labels[name] !== undefined) labels[name] = a.labels[name];
      const key = `{}:{${Object.entries(labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')}}`;
      let g = byGroup.get(key);
      if (!g) byGroup.set(key, (g = { labels, alerts: new Map() }));
      g.alerts.set(fingerprint(a.labels), a);
    }
    for (const [key, g] of this.groups) if (!byGroup.has(key) && !g.flushing) this.groups.delete(key);
    for (const [key, next] of byGroup) {
      const g = this.groups.get(key);
      if (g) g.alerts = next.alerts;
      else
        this.groups.set(key, {
          key,
          labels: next.labels,
          alerts: next.alerts,
          nextFlushAt: now + this.route.groupWaitMs,
          flushing: false,
        });
    }
    for (const [k, e] of this.log)
      if (e.firing.length === 0 && now - e.at > LOG_RETENTION_MS) this.log.delete(k);
  }

  /** Flushes every group that is due; resolves when their notifications are settled. */
  async flushDue(now: number): Promise<void> {
    const due = [...this.groups.values()].filter((g) => g.nextFlushAt <= now && !g.flushing);
    await Promise.all(due.map((g) => this.flush(g, now)));
  }

  private async flush(g: Group, now: number): Promise<void> {
    g.flushing = true;
    g.nextFlushAt = now + this.route.groupIntervalMs;
    try {
      const alerts = [...g.alerts.values()];
      if (alerts.length === 0) return;
      await Promise.all(this.receivers.map((r) => this.notifyOne(r, g, alerts, now)));
    } finally {
      g.flushing = false;
    }
  }

  private async notifyOne(
    r: Receiver,
    g: Group,
    alerts: readonly OutgoingAlert[],
    now: number,
  ): Promise<void> {
    const firing = alerts.filter((a) => a.status === 'firing').map((a) => fingerprint(a.labels));
    const resolved = alerts.filter((a) => a.status === 'resolved').map((a) => fingerprint(a.labels));
    const logKey = `${r.name}\u0000${g.key}`;
    const entry = this.log.get(logKey);
    if (!needsUpdate(entry, firing, resolved, r.sendResolved, this.route.repeatIntervalMs, now)) return;
    const sent = r.sendResolved ? alerts : alerts.filter((a) => a.status === 'firing');
    const record = { firing, resolved: r.sendResolved ? resolved : [], at: now };
    if (sent.length === 0) {
      this.log.set(logKey, record);
      return;
    }
    const n: GroupNotification = {
      receiver: r.name,
      status: sent.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
      groupKey: g.key,
      groupLabels: g.labels,
      commonLabels: common(sent.map((a) => a.labels)),
      commonAnnotations: common(sent.map((a) => a.annotations)),
      externalURL: this.externalUrl,
      alerts: sent,
    };
    const subject = subjectOf(
      `${n.status} ${g.key}: ${sent.length} alert(s)`,
      sent.map((a) => a.labels),
    );
    if (await r.notify(n, subject)) this.log.set(logKey, record);
  }

  /** Groups with their alerts, for the state file and the UI. */
  snapshot(): Array<{ key: string; nextFlushAt: number; alerts: number }> {
    return [...this.groups.values()].map((g) => ({
      key: g.key,
      nextFlushAt: g.nextFlushAt,
      alerts: g.alerts.size,
    }));
  }
}

function subset(small: readonly string[], big: readonly string[]): boolean {
  const set = new Set(big);
  return small.every((x) => set.has(x));
}

/** Alertmanager's `DedupStage.needsUpdate`. */
export function needsUpdate(
  entry: NotifiedEntry | undefined,
  firing: readonly string[],
  resolved: readonly string[],
  sendResolved: boolean,
  repeatMs: number,
  now: number,
): boolean {
  if (!entry) return firing.length > 0;
  if (!subset(firing, entry.firing)) return true;
  if (firing.length === 0) return entry.firing.length > 0;
  if (sendResolved && !subset(resolved, entry.resolved)) return true;
  return entry.at < now - repeatMs;
}

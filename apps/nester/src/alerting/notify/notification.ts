// What notifiers send: alerts in Alertmanager's shapes (the API v2 alert, the webhook message).
import { createHash } from 'node:crypto';

/** An alert as handed to receivers; times in ms since the epoch, `endsAt` 0 = open-ended. */
export interface OutgoingAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly generatorURL: string;
  readonly status: 'firing' | 'resolved';
}

/** A notification for one group of alerts, as Alertmanager's webhook receiver gets it. */
export interface GroupNotification {
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly groupKey: string;
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly commonLabels: Readonly<Record<string, string>>;
  readonly commonAnnotations: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly alerts: readonly OutgoingAlert[];
}

/** Stable identity of an alert by its labels (hex, 16 digits), like Alertmanager's fingerprint. */
export function fingerprint(labels: Readonly<Record<string, string>>): string {
  const h = createHash('sha256');
  for (const k of Object.keys(labels).sort()) h.update(`${k}\u0000${labels[k]}\u0001`);
  return h.digest('hex').slice(0, 16);
}

const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

export function isoTime(ms: number): string {
  return ms === 0 ? GO_ZERO_TIME : new Date(ms).toISOString();
}

/** The webhook body (Alertmanager's version 4). */
export function webhookBody(n: GroupNotification): unknown {
  return {
    receiver: n.receiver,
    status: n.status,
    alerts: n.alerts.map((a) => ({
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: isoTime(a.startsAt),
      endsAt: isoTime(a.status === 'resolved' ? a.endsAt : 0),
      generatorURL: a.generatorURL,
      fingerprint: fingerprint(a.labels),
    })),
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    commonAnnotations: n.commonAnnotations,
    externalURL: n.externalURL,
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: 0,
  };
}

/** Labels (or annotations) every alert shares with the same value. */
export function common(maps: ReadonlyArray<Readonly<Record<string, string>>>): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first)) if (rest.every((m) => m[k] === v)) out[k] = v;
  return out;
}

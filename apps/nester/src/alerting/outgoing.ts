// Turns rule alerts into what receivers get: the Prometheus way for Alertmanagers (re-sent every
// `resendDelay`, `endsAt` four evaluations ahead while firing), and the current set of firing
// and recently resolved alerts for the nester's own grouping notifiers.
import { labelsToRecord } from '@seahawks/model';
import type { Alert } from './rules/alerting-rule.js';
import type { RuleGroup } from './rules/rule-group.js';
import type { OutgoingAlert } from './notify/notification.js';

function outgoing(
  a: Alert,
  externalUrl: string,
  externalLabels: Readonly<Record<string, string>>,
): OutgoingAlert {
  const resolved = a.state === 'inactive';
  return {
    // External labels never override the alert's own (Prometheus adds only missing ones).
    labels: { ...externalLabels, ...labelsToRecord(a.labels) },
    annotations: a.annotations,
    startsAt: a.firedAt,
    endsAt: resolved ? a.resolvedAt : a.validUntil,
    generatorURL: `${externalUrl}/#/alerts`,
    status: resolved ? 'resolved' : 'firing',
  };
}

/** Prometheus' `sendAlerts`: which alerts of the group to (re)send to Alertmanager at `ts`. */
export function prometheusOutgoing(
  g: RuleGroup,
  ts: number,
  resendDelayMs: number,
  externalUrl: string,
  externalLabels: Readonly<Record<string, string>>,
): OutgoingAlert[] {
  const out: OutgoingAlert[] = [];
  const delta = Math.max(resendDelayMs, g.intervalMs);
  for (const r of g.rules) {
    if (r.kind !== 'alert') continue;
    for (const a of r.active.values()) {
      if (a.state === 'pending') continue;
      const due = a.resolvedAt > a.lastSentAt || a.lastSentAt + resendDelayMs < ts;
      if (!due) continue;
      a.lastSentAt = ts;
      a.validUntil = ts + 4 * delta;
      out.push(outgoing(a, externalUrl, externalLabels));
    }
  }
  return out;
}

/** Firing and resolved (kept 15 min) alerts of every group that no silence mutes. */
export function notifiable(
  groups: readonly RuleGroup[],
  externalUrl: string,
  externalLabels: Readonly<Record<string, string>>,
  silenced: (labels: Readonly<Record<string, string>>) => boolean,
): OutgoingAlert[] {
  const out: OutgoingAlert[] = [];
  for (const g of groups) {
    for (const r of g.rules) {
      if (r.kind !== 'alert') continue;
      for (const a of r.active.values()) {
        if (a.state === 'pending' || (a.state === 'inactive' && a.firedAt === 0)) continue;
        const o = outgoing(a, externalUrl, externalLabels);
        if (!silenced(o.labels)) out.push(o);
      }
    }
  }
  return out;
}

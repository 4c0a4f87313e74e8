// Alert e-mail: one message per group notification, subject as Alertmanager writes it
// (`[FIRING:2] HarvesterDown (instance=web-1)`), a plain-text body listing each alert with its
// labels, annotations and start (and end) time, and a link back to the nester.
import { randomBytes } from 'node:crypto';
import type { Delivery } from './delivery.js';
import type { GroupNotification } from './notification.js';
import type { Receiver } from './receiver.js';
import { sendMail } from './smtp-client.js';
import type { SmtpOptions } from './smtp-client.js';

export interface EmailTarget {
  readonly name: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly smtp: SmtpOptions;
  readonly sendResolved: boolean;
}

export function emailReceiver(t: EmailTarget, delivery: Delivery, clock: () => number): Receiver {
  return {
    integration: 'email',
    name: t.name,
    sendResolved: t.sendResolved,
    notify: (n, subject) =>
      delivery.deliver('email', t.name, subject, () =>
        sendMail(t.smtp, { from: t.from, to: t.to, data: renderMessage(t, n, clock()) }),
      ),
  };
}

export function emailSubject(n: GroupNotification): string {
  const firing = n.alerts.filter((a) => a.status === 'firing').length;
  const count = n.status === 'firing' ? `FIRING:${firing}` : 'RESOLVED';
  const name = n.groupLabels.alertname ?? n.commonLabels.alertname ?? '';
  const rest = Object.entries(n.groupLabels)
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `[${count}] ${name}${rest ? ` (${rest})` : ''}`.trim();
}

export function emailText(n: GroupNotification): string {
  const out: string[] = [];
  for (const status of ['firing', 'resolved'] as const) {
    const alerts = n.alerts.filter((a) => a.status === status);
    if (alerts.length === 0) continue;
    out.push(`${alerts.length} alert(s) ${status}:`, '');
    for (const a of alerts) {
      out.push(`* ${a.labels.alertname ?? ''}`);
      for (const [k, v] of Object.entries(a.annotations)) out.push(`  ${k}: ${v}`);
      out.push(
        `  labels: ${Object.entries(a.labels)
          .map(([k, v]) => `${k}="${v}"`)
          .join(', ')}`,
      );
      out.push(`  since: ${new Date(a.startsAt).toISOString()}`);
      if (status === 'resolved') out.push(`  resolved: ${new Date(a.endsAt).toISOString()}`);
      if (a.generatorURL) out.push(`  source: ${a.generatorURL}`);
      out.push('');
    }
  }
  out.push(`Seahawks: ${n.externalURL}/#/alerts`);
  return out.join('\n');
}

function encodeHeader(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

function renderMessage(t: EmailTarget, n: GroupNotification, now: number): string {
  const body = Buffer.from(emailText(n)).toString('base64').replace(/.{76}/g, '$&\r\n');
  const domain = t.from.split('@')[1] ?? 'seahawks';
  return [
    `From: ${t.from}`,
    `To: ${t.to.join(', ')}`,
    `Subject: ${encodeHeader(emailSubject(n))}`,
    `Date: ${new Date(now).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    'X-Seahawks-Group: ' + encodeHeader(n.groupKey),
    '',
    body,
    '',
  ].join('\r\n');
}

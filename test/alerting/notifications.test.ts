import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import { startAlertmanager } from '../support/alertmanager.js';
import type { RunningAlertmanager } from '../support/alertmanager.js';
import { startNester } from '../support/nester-process.js';
import type { RunningNester } from '../support/nester-process.js';
import { postWrite } from '../support/remote-write.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../e2e/processes.js';

interface Hook {
  status: string;
  version?: string;
  alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
}

const RULES = `groups:
  - name: notify-test
    rules:
      - alert: DemoCondition
        expr: seahawks_test_condition > 0
        labels: { severity: critical }
        annotations:
          summary: "condition on {{ $labels.instance }} is {{ $value }}"
`;

/**
 * Notifications with the real peers: the nester evaluates a rule every second and sends to a real
 * Alertmanager (which forwards to a webhook here), to a webhook directly (Alertmanager's payload),
 * and by e-mail to a local SMTP sink; firing first, resolved once the condition clears.
 */
describe('notifications reach a real Alertmanager, a webhook and an SMTP server', () => {
  let dir: string;
  let am: RunningAlertmanager;
  let nester: RunningNester;
  let sink: SmtpSink;
  let hooks: Server;
  const received: Record<string, Hook[]> = { am: [], direct: [] };

  const write = async (v: number): Promise<void> => {
    const series = [
      {
        labels: labelsFromRecord({ __name__: 'seahawks_test_condition', instance: 'box-1', job: 'test' }),
        samples: [{ t: Date.now(), v }],
      },
    ];
    await postWrite(
      { name: 'nester', url: `${nester.url}/api/v1/write`, headers: nester.headers },
      snappyCompress(encodeWriteRequest(series)),
    );
  };
  const find = (where: Hook[], status: string) =>
    where.find((h) => h.status === status && h.alerts.some((a) => a.labels.alertname === 'DemoCondition'));

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-notify-'));
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received[req.url === '/am' ? 'am' : 'direct']!.push(JSON.parse(body) as Hook);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    const hookPort = (hooks.address() as { port: number }).port;
    sink = await startSmtpSink();
    am = await startAlertmanager(`route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:${hookPort}/am
        send_resolved: true
`);
    await writeFile(join(dir, 'rules.yml'), RULES);
    const config = {
      alerting: {
        evaluationInterval: '1s',
        resendDelay: '2s',
        ruleFiles: [join(dir, 'rules.yml')],
        builtinRules: { enabled: false },
        alertmanagers: [{ url: am.url }],
        webhooks: [{ name: 'direct', url: `http://127.0.0.1:${hookPort}/direct` }],
        email: {
          to: ['ops@example.com'],
          from: 'seahawks@example.com',
          smarthost: `127.0.0.1:${sink.port}`,
          requireTls: false,
        },
        route: { groupBy: ['alertname'], groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' },
      },
    };
    await writeFile(join(dir, 'nester.json'), JSON.stringify(config));
    nester = await startNester(['--config', join(dir, 'nester.json')]);
  });

  after(async () => {
    await nester?.stop();
    await am?.stop();
    await sink?.close();
    await new Promise((resolve) => hooks?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the firing alert to Alertmanager, the webhook and by e-mail, and shows it in /api/v1/alerts', async () => {
    await write(1);
    const viaAm = await waitFor('Alertmanager to forward the firing alert', 30_000, () =>
      Promise.resolve(find(received.am!, 'firing')),
    );
    assert.equal(viaAm.alerts[0]!.labels.severity, 'critical');
    assert.equal(viaAm.alerts[0]!.annotations.summary, 'condition on box-1 is 1');
    const direct = await waitFor('the webhook to get the firing alert', 30_000, () =>
      Promise.resolve(find(received.direct!, 'firing')),
    );
    assert.equal(direct.version, '4');
    const mail = await waitFor('the SMTP sink to get an e-mail', 30_000, () =>
      Promise.resolve(sink.messages[0]),
    );
    assert.deepEqual(mail.to, ['ops@example.com']);
    assert.match(mail.data, /^Subject: \[FIRING:1\] DemoCondition$/m);
    const res = await fetch(`${nester.url}/api/v1/alerts`, { headers: nester.headers });
    const body = (await res.json()) as {
      data: { alerts: Array<{ state: string; value: string; labels: Record<string, string> }> };
    };
    assert.deepEqual(
      body.data.alerts.map((a) => [a.labels.alertname, a.state, a.value]),
      [['DemoCondition', 'firing', '1e+00']],
    );
    const inAm = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as Array<{
      labels: Record<string, string>;
    }>;
    assert.ok(inAm.some((a) => a.labels.alertname === 'DemoCondition' && a.labels.instance === 'box-1'));
  });

  it('sends the resolution to all three once the condition clears', async () => {
    await write(0);
    const viaAm = await waitFor('Alertmanager to forward the resolution', 30_000, () =>
      Promise.resolve(find(received.am!, 'resolved')),
    );
    assert.equal(viaAm.alerts[0]!.status, 'resolved');
    await waitFor('the webhook to get the resolution', 30_000, () =>
      Promise.resolve(find(received.direct!, 'resolved')),
    );
    const mail = await waitFor('the resolved e-mail', 30_000, () =>
      Promise.resolve(sink.messages.find((m) => /^Subject: \[RESOLVED\] DemoCondition$/m.test(m.data))),
    );
    assert.ok(mail);
    const metrics = await (await fetch(`${nester.url}/metrics`, { headers: nester.headers })).text();
    assert.match(
      metrics,
      /seahawks_alerting_notifications_sent_total\{integration="alertmanager",receiver="[^"]+"\} [1-9]/,
    );
    assert.match(
      metrics,
      /seahawks_alerting_notifications_sent_total\{integration="email",receiver="email"\} 2/,
    );
  });
});

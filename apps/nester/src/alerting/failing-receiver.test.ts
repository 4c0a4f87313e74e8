import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, it } from 'node:test';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

const T0 = 1_700_000_000_000;

interface Hit {
  at: number;
  status: number;
  body: { status: string; alerts: Array<{ status: string; labels: Record<string, string> }> };
}

/** A webhook on loopback answering the scripted statuses in turn, then 200 for ever. */
async function scriptedWebhook(script: number[]): Promise<{ url: string; hits: Hit[]; server: Server }> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const status = script.shift() ?? 200;
      hits.push({ at: performance.now(), status, body: JSON.parse(text) as Hit['body'] });
      res.writeHead(status).end(status === 200 ? 'ok' : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, hits, server };
}

/**
 * A receiver that fails: each delivery is retried with exponential backoff; a notification that
 * fails every attempt is a dead letter (counted on /metrics, listed for the alerts page); and
 * the firing alert still reaches the receiver once it answers again — within the retry budget on
 * a later attempt, or beyond it at the group's next flush. The alert is the built-in
 * HarvesterDown of an enrolled harvester that never connects (test nesters have no tunnels).
 */
describe('a failing receiver', () => {
  let n: TestNester | undefined;
  let server: Server | undefined;
  let now = T0;
  afterEach(async () => {
    await n?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const start = async (url: string, maxAttempts: number): Promise<TestNester> => {
    now = T0;
    const nester = await startTestNester(() => now, {
      alerting: {
        evaluationInterval: '10s',
        builtinRules: { harvesterDownAfter: '0s' },
        webhooks: [{ name: 'pager', url }],
        route: {
          groupBy: ['alertname', 'instance'],
          groupWait: '0s',
          groupInterval: '1m',
          repeatInterval: '4h',
        },
        retry: { maxAttempts, initialBackoff: '100ms', maxBackoff: '1s' },
      },
    });
    await nester.deps.fleet.enroll('web-1', { team: 'alpha' }, T0);
    return nester;
  };
  /** Moves the fake clock, evaluates, and waits until the notifications are settled. */
  const step = async (ms: number): Promise<void> => {
    now += ms;
    await n!.deps.alerting!.tick();
    await n!.deps.alerting!.settled();
  };
  const metric = async (name: string): Promise<number> => {
    const res = await n!.app.inject({ url: '/metrics', headers: { cookie: n!.adminCookie } });
    const m = new RegExp(`^${name}\\{integration="webhook",receiver="pager"\\} (\\d+)$`, 'm').exec(res.body);
    return m ? Number(m[1]) : 0;
  };

  it('retries with growing delays and delivers the firing alert once the receiver answers', async () => {
    const hook = await scriptedWebhook([500, 500, 500]);
    server = hook.server;
    n = await start(hook.url, 5);
    await step(0);
    await step(10_000);
    assert.deepEqual(
      hook.hits.map((h) => h.status),
      [500, 500, 500, 200],
    );
    const delivered = hook.hits[3]!.body;
    assert.equal(delivered.status, 'firing');
    assert.deepEqual(
      delivered.alerts.map((a) => [a.labels.alertname, a.labels.instance, a.status]),
      [['HarvesterDown', 'web-1', 'firing']],
    );
    // Backoff 100, 200, 400 ms, each ±20 % jitter: every wait is at least 80 % of its nominal,
    // and each is longer than the one before (the timers may only fire late, never early).
    const gaps = hook.hits.slice(1).map((h, i) => h.at - hook.hits[i]!.at);
    assert.ok(gaps[0]! >= 80 && gaps[1]! >= 160 && gaps[2]! >= 320, `gaps ${gaps.join(', ')} ms`);
    assert.deepEqual(
      [
        await metric('seahawks_alerting_notifications_failed_total'),
        await metric('seahawks_alerting_notifications_sent_total'),
        await metric('seahawks_alerting_notifications_dead_lettered_total'),
      ],
      [3, 1, 0],
    );
    // Delivered means recorded: the next flush does not send it again (repeat interval 4 h).
    await step(60_000);
    assert.equal(hook.hits.length, 4);
  });

  it('counts a dead letter after the last attempt, and notifies again at the next flush', async () => {
    const hook = await scriptedWebhook([500, 500, 500]);
    server = hook.server;
    n = await start(hook.url, 3);
    await step(0);
    await step(10_000);
    assert.deepEqual(
      hook.hits.map((h) => h.status),
      [500, 500, 500],
    );
    assert.equal(await metric('seahawks_alerting_notifications_dead_lettered_total'), 1);
    const page = await n.app.inject({ url: '/api/alerting/alerts', headers: { cookie: n.adminCookie } });
    const dead = page.json<{ deadLetters: Array<{ attempts: number; error: string; summary: string }> }>()
      .deadLetters;
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.attempts, 3);
    assert.match(dead[0]!.error, /HTTP 500: receiver is down/);
    assert.match(dead[0]!.summary, /firing .*HarvesterDown.*web-1/);
    // Not yet a minute (the group interval): nothing more is sent.
    await step(10_000);
    assert.equal(hook.hits.length, 3);
    // The group's next flush: the receiver is back and gets the alert that is still firing.
    await step(50_000);
    assert.equal(hook.hits.length, 4);
    assert.equal(hook.hits[3]!.status, 200);
    assert.deepEqual(
      hook.hits[3]!.body.alerts.map((a) => [a.labels.instance, a.status]),
      [['web-1', 'firing']],
    );
    assert.equal(await metric('seahawks_alerting_notifications_sent_total'), 1);
    assert.equal(await metric('seahawks_alerting_notifications_dead_lettered_total'), 1);
  });
});

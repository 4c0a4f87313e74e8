// The alerts page in headless Chromium against a real nester: alerts in every state, the rules
// with an evaluation error, a refused rule file with its located problems, a silence made from
// the page, and the notifications a webhook that answers 500 never got (dead letters).
// Screenshots go to test-results/screenshots/alerts-*.png.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { REPO_ROOT, startNesterProcess, waitFor } from '../e2e/processes.js';
import type { StartedNester } from '../e2e/processes.js';

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

const RULES = `groups:
  - name: demo
    rules:
      - alert: DiskAlmostFull
        expr: label_replace(vector(93.5), "instance", "web-1", "", "")
        labels: { severity: warning }
        annotations:
          summary: "/ on {{ $labels.instance }} is {{ $value | printf \\"%.1f\\" }}% full"
      - alert: BackupLate
        expr: label_replace(vector(1), "instance", "db-1", "", "")
        for: 1h
        annotations:
          summary: "no backup of {{ $labels.instance }} for a day"
      - alert: Maintenance
        expr: label_replace(vector(1), "instance", "lab-3", "", "")
        annotations:
          summary: "lab-3 is being rebuilt"
      - record: broken:rule
        expr: label_replace(vector(1), "a", "b", "c", "(")
`;

describe('alerts page in the browser', () => {
  let dir: string;
  let nester: StartedNester;
  let cookie = '';
  let broken: Server;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-alerts-page-'));
    await writeFile(join(dir, 'demo.yml'), RULES);
    broken = createServer((_req, res) => res.writeHead(500).end('receiver is down'));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(broken.address() as { port: number }).port}/hook`;
    await writeFile(
      join(dir, 'nester.json'),
      JSON.stringify({
        alerting: {
          evaluationInterval: '1s',
          ruleFiles: [join(dir, 'demo.yml')],
          webhooks: [{ name: 'chat', url: hook }],
          route: { groupWait: '1s', groupInterval: '1h' },
          retry: { maxAttempts: 2, initialBackoff: '100ms', maxBackoff: '100ms' },
        },
      }),
    );
    nester = await startNesterProcess(join(dir, 'data'), ['--config', join(dir, 'nester.json')]);
    const res = await fetch(`${nester.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: nester.password }),
    });
    cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const headers = { cookie, 'x-seahawks-csrf': '1', 'content-type': 'application/json' };
    const silence = await fetch(`${nester.url}/api/alerting/silences`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        matchers: [{ name: 'instance', value: 'lab-3' }],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        comment: 'rebuilding lab-3',
      }),
    });
    assert.equal(silence.status, 201, await silence.text());
    const refused = await fetch(`${nester.url}/api/alerting/rule-files`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        name: 'team.yml',
        text: 'groups:\n  - name: team\n    rules:\n      - alert: X\n        expr: up ==\n        for: 5 minutes\n',
      }),
    });
    assert.equal(refused.status, 400);
    const body = (await refused.json()) as {
      problems: Array<{ line: number; rule: string; message: string }>;
    };
    assert.deepEqual(
      body.problems.map((p) => [p.line, p.rule]),
      [
        [5, 'X'],
        [6, 'X'],
      ],
    );
  });
  after(async () => {
    await nester?.stop();
    await new Promise((resolve) => broken?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('shows firing, pending and silenced alerts, the rules with their errors, and makes a silence', async () => {
    await mkdir(SHOTS, { recursive: true });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const url = new URL(nester.url);
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, domain: url.hostname, path: '/' }]);
      const page = await context.newPage();
      await page.goto(`${nester.url}/#/alerts`);
      await waitFor('three alerts on the page', 20_000, async () =>
        (await page.locator('[data-testid="alert-row"]').count()) >= 3 ? true : undefined,
      );
      assert.equal(await page.locator('[data-testid="alert-row"][data-state="firing"]').count(), 1);
      assert.equal(await page.locator('[data-testid="alert-row"][data-state="pending"]').count(), 1);
      assert.equal(await page.locator('[data-testid="alert-row"][data-state="silenced"]').count(), 1);
      await page.getByText('/ on web-1 is 93.5% full').waitFor();
      await page.locator('[data-testid="dead-letter-count"]').waitFor({ timeout: 20_000 });
      assert.match(
        (await page.locator('[data-testid="dead-letter-count"]').textContent()) ?? '',
        /^1 undelivered$/,
      );
      await page.getByText('HTTP 500: receiver is down', { exact: false }).first().waitFor();
      await page.screenshot({ path: join(SHOTS, 'alerts-list.png'), fullPage: true });

      await page.getByRole('button', { name: 'Silence…' }).first().click();
      await page.locator('[data-testid="silence-form"]').waitFor();
      await page.getByPlaceholder('why (shown to everyone)').fill('disk cleanup in progress');
      await page.screenshot({ path: join(SHOTS, 'alerts-silence-form.png'), fullPage: true });
      await page.getByRole('button', { name: 'Create' }).click();
      await waitFor('two silenced alerts', 20_000, async () =>
        (await page.locator('[data-testid="alert-row"][data-state="silenced"]').count()) === 2
          ? true
          : undefined,
      );

      await page.getByRole('button', { name: 'rules' }).click();
      await page.locator('[data-testid="rule-row"][data-health="err"]').waitFor({ timeout: 10_000 });
      await page.getByText('invalid regular expression', { exact: false }).first().waitFor();
      await page.screenshot({ path: join(SHOTS, 'alerts-rules.png'), fullPage: true });

      await page.getByRole('button', { name: 'silences' }).click();
      await page.locator('[data-testid="silences-table"]').waitFor();
      await page.getByRole('button', { name: 'history' }).click();
      await page.locator('[data-testid="alerts-history"]').waitFor();
      const dead = page.locator('[data-testid="dead-letters"] tbody tr');
      assert.equal(await dead.count(), 1);
      assert.match((await dead.first().textContent()) ?? '', /webhook chat.*2.*DiskAlmostFull/);
      await page.screenshot({ path: join(SHOTS, 'alerts-history.png'), fullPage: true });
    } finally {
      await browser?.close();
    }
  });
});

// Remote maintenance as a person uses it, with real processes: a nester, three harvesters
// (test/e2e/remote-fleet.ts) and headless Chromium. An operator of team "a" opens a terminal,
// a remote desktop and runs a command on three harvesters; a viewer is refused all three; a
// WebSocket from a foreign Origin is refused; the audit log holds every session. Needs Xvfb,
// x11vnc and xsetroot (scripts/ensure-system-deps.sh). Screenshots: test-results/screenshots/remote-*.png.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import type { Daemon } from '../outage/seahawks-cli.js';
import { REPO_ROOT } from './processes.js';
import { ADMIN_PASSWORD, DESKTOP_COLOUR, startRemoteFleet, USER_PASSWORD } from './remote-fleet.js';
import type { RemoteFleet } from './remote-fleet.js';

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `remote-${name}.png`) });

interface Entry {
  kind: string;
  user: string;
  outcome: string;
  harvesters: string[];
  recorded?: boolean;
  id: string;
  bytesOut: number;
  results?: Record<string, { exitCode: number | null }>;
}

describe('remote maintenance in the browser: terminal, desktop, run-command, audit', () => {
  let dir: string;
  let fleet: RemoteFleet;
  let browser: Browser;
  const daemons: Daemon[] = [];

  const signIn = async (user: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 850 } });
    await page.goto(fleet.url);
    await page.getByLabel(/user/i).fill(user);
    await page.getByLabel(/password/i).fill(user === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD);
    await page.getByRole('button', { name: /log in|sign in/i }).click();
    await page.getByText('h1').first().waitFor({ timeout: 15_000 });
    return page;
  };
  const terminalText = (page: Page): Promise<string> =>
    page.locator('[data-testid="terminal"] .xterm-rows').innerText();
  const waitText = async (page: Page, what: RegExp, ms = 10_000): Promise<string> => {
    const end = Date.now() + ms;
    for (;;) {
      const text = await terminalText(page);
      if (what.test(text)) return text;
      if (Date.now() > end) throw new Error(`terminal never showed ${what}:\n${text}`);
      await page.waitForTimeout(100);
    }
  };

  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    dir = await mkdtemp(join(tmpdir(), 'seahawks-remote-e2e-'));
    fleet = await startRemoteFleet(dir, daemons);
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
  });
  after(async () => {
    await browser?.close();
    await Promise.all(daemons.map((d) => d.stop()));
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('opens a terminal: echo $((6*7)) gives 42, resize reaches the PTY, exit shows the status', async () => {
    const page = await signIn('op');
    await page.goto(`${fleet.url}/#/host/h1`);
    await page.getByTestId('host-action-terminal').click();
    await page.locator('[data-testid="terminal-status"][data-state="open"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="terminal"]').click();
    await page.keyboard.type('echo $((6*7))');
    await page.keyboard.press('Enter');
    await waitText(page, /^42$/m);
    await shot(page, '1-terminal');
    await page.setViewportSize({ width: 900, height: 600 });
    const before = await page.getByTestId('terminal-size').textContent();
    // The page's CSP forbids evaluated strings (waitForFunction): poll the text instead.
    for (let i = 0; i < 100 && (await page.getByTestId('terminal-size').textContent()) === before; i++) {
      await page.waitForTimeout(100);
    }
    const [cols, rows] = (await page.getByTestId('terminal-size').textContent())!.split('×');
    await page.keyboard.type('stty size');
    await page.keyboard.press('Enter');
    await waitText(page, new RegExp(`^${rows} ${cols}$`, 'm'));
    await shot(page, '2-terminal-resized');
    await page.keyboard.type('exit 3');
    await page.keyboard.press('Enter');
    const status = page.locator('[data-testid="terminal-status"][data-state="closed"]');
    await status.waitFor({ timeout: 10_000 });
    assert.match(await status.innerText(), /exited with status 3/);
    await shot(page, '3-terminal-exit');
    await page.close();
  });

  it('shows the remote desktop: the canvas holds the managed display’s colour', async () => {
    const page = await signIn('op');
    await page.goto(`${fleet.url}/#/host/h1`);
    await page.getByTestId('host-action-desktop').click();
    await page.locator('[data-testid="desktop-status"][data-state="connected"]').waitFor({ timeout: 20_000 });
    const want = [1, 3, 5].map((i) => parseInt(DESKTOP_COLOUR.slice(i, i + 2), 16));
    const end = Date.now() + 15_000;
    let got: number[] = [];
    while (Date.now() < end) {
      // Pixel (20, 20): away from the centre, where x11vnc draws the pointer.
      got = await page.evaluate<number[]>(`(() => {
        const c = document.querySelector('[data-testid="desktop"] canvas');
        return c ? [...c.getContext('2d').getImageData(20, 20, 1, 1).data].slice(0, 3) : [];
      })()`);
      if (got.join() === want.join()) break;
      await page.waitForTimeout(200);
    }
    assert.deepEqual(got, want, 'pixel (20, 20) of the desktop canvas');
    await shot(page, '4-desktop');
    await page.close();
  });

  it('runs uname -n on three harvesters and shows three answers', async () => {
    const page = await signIn('op');
    await page.goto(`${fleet.url}/#/run`);
    await page.getByTestId('run-selection').fill('h1, h2, h3');
    await page.getByTestId('run-command').fill('uname -n');
    await page.getByTestId('run-start').click();
    await page.locator('[data-testid="run-output"][data-outcome="ok"]').waitFor({ timeout: 20_000 });
    for (const name of fleet.names) {
      const card = page.getByTestId(`run-host-${name}`);
      assert.equal((await card.locator('pre').innerText()).trim(), hostname());
      assert.match(await card.getByTestId('run-result').innerText(), /exit 0/);
    }
    await shot(page, '5-run');
    await page.close();
  });

  it('refuses a viewer the terminal, the desktop and run-command', async () => {
    const page = await signIn('viewer');
    await page.goto(`${fleet.url}/#/host/h1`);
    assert.equal(
      await page.getByTestId('host-action-terminal').count(),
      0,
      'no terminal button for a viewer',
    );
    await page.goto(`${fleet.url}/#/remote/terminal/h1`);
    const t = page.locator('[data-testid="terminal-status"][data-state="refused"]');
    await t.waitFor({ timeout: 10_000 });
    assert.match(await t.innerText(), /viewers cannot open sessions/);
    await shot(page, '6-viewer-terminal');
    await page.goto(`${fleet.url}/#/remote/desktop/h1`);
    const d = page.locator('[data-testid="desktop-status"][data-state="refused"]');
    await d.waitFor({ timeout: 10_000 });
    assert.match(await d.innerText(), /viewers cannot open sessions/);
    await page.goto(`${fleet.url}/#/run`);
    await page.getByTestId('run-selection').fill('h1, h2, h3');
    await page.getByTestId('run-command').fill('uname -n');
    await page.getByTestId('run-start').click();
    const err = page.getByTestId('run-error');
    await err.waitFor({ timeout: 10_000 });
    assert.match(await err.innerText(), /viewers cannot operate harvesters/);
    await shot(page, '7-viewer-run');
    await page.close();
  });

  it('refuses a WebSocket from a foreign Origin, and one without a session', async () => {
    const cookie = await fleet.login('op', USER_PASSWORD);
    const status = (headers: Record<string, string>): Promise<number> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`${fleet.url.replace('http', 'ws')}/api/remote/terminal/h1`, { headers });
        ws.on('open', () => reject(new Error('the upgrade was accepted')));
        ws.on('error', () => undefined);
        ws.on('unexpected-response', (req, res) => {
          req.destroy();
          resolve(res.statusCode ?? 0);
        });
      });
    assert.equal(await status({ cookie, origin: 'http://evil.example' }), 403);
    assert.equal(await status({ cookie, origin: 'null' }), 403);
    assert.equal(await status({ cookie }), 403, 'a cookie without any Origin');
    assert.equal(await status({ origin: fleet.url }), 401);
  });

  it('holds every session in the audit log, shows it, and plays the terminal recording', async () => {
    const admin = await fleet.login('admin', ADMIN_PASSWORD);
    const res = await fetch(`${fleet.url}/api/audit`, { headers: { cookie: admin } });
    const { entries } = (await res.json()) as { entries: Entry[] };
    const find = (kind: string, user: string, outcome: string): Entry[] =>
      entries.filter((e) => e.kind === kind && e.user === user && e.outcome === outcome);
    const [terminal] = find('terminal', 'op', 'ok');
    assert.ok(terminal, `terminal session of op: ${JSON.stringify(entries)}`);
    assert.equal(terminal.recorded, true);
    assert.equal(terminal.results?.h1?.exitCode, 3);
    assert.ok(terminal.bytesOut > 0);
    assert.equal(find('desktop', 'op', 'ok').length, 1, 'the desktop session');
    const [run] = find('run', 'op', 'ok');
    assert.deepEqual([...(run?.harvesters ?? [])].sort(), ['h1', 'h2', 'h3']);
    for (const kind of ['terminal', 'desktop', 'run']) {
      assert.equal(find(kind, 'viewer', 'denied').length, 1, `the viewer's ${kind} refused`);
    }
    assert.ok(find('terminal', 'op', 'denied').length >= 2, 'the foreign-Origin attempts');
    const csv = await (
      await fetch(`${fleet.url}/api/audit?format=csv`, { headers: { cookie: admin } })
    ).text();
    assert.equal(csv.trim().split('\r\n').length, entries.length + 1, 'one CSV row per entry');

    const page = await signIn('op');
    await page.goto(`${fleet.url}/#/audit`);
    await page.getByTestId('audit-table').waitFor();
    await shot(page, '8-audit');
    await page.goto(`${fleet.url}/#/audit/${terminal.id}`);
    await page.locator('[data-testid="cast-player"][data-state="done"]').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('[data-testid="cast-player"] .xterm-rows').innerText(), /^42$/m);
    await shot(page, '9-playback');
    await page.close();
  });
});

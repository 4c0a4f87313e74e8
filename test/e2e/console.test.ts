import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hostSeriesRequests, seedRegistry } from '../support/console-fleet.js';
import type { SimHost } from '../support/console-fleet.js';
import { startNester } from '../support/nester-process.js';
import type { RunningNester } from '../support/nester-process.js';
import { REPO_ROOT, waitFor } from './processes.js';
import { writeToAll } from '../support/remote-write.js';

const SHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const HOSTILE = '<img src=x onerror=alert(1)>';
const REAL = hostname();

const SIMULATED: SimHost[] = [
  { name: 'sim-web-1', labels: { team: 'alpha', site: 'paris' }, busy: 0.95, cpus: 4 },
  { name: 'sim-web-2', labels: { team: 'alpha', site: 'paris' }, busy: 0.78, cpus: 4 },
  { name: 'sim-db-1', labels: { team: 'bravo', site: 'lyon' }, busy: 0.35, cpus: 8 },
  { name: 'sim-pi-1', labels: { team: 'bravo', site: 'garage' }, busy: 0.2, cpus: 4, os: 'Raspbian 12' },
  { name: 'sim-edge-1', labels: { role: 'edge' }, busy: 0.5, cpus: 2 },
  { name: 'sim-hostile', labels: { team: 'bravo', note: HOSTILE }, busy: 0.1, cpus: 2, os: HOSTILE },
];

/** Every chart of the host page; the real harvester runs in a VM without temperature sensors. */
const CHARTS = [
  'cpu',
  'memory',
  'swap',
  'load',
  'network',
  'disk-io',
  'filesystem',
  'temperature',
  'processes',
];

/**
 * The console as an operator uses it, in headless Chromium over a real nester with its own
 * harvester and simulated ones: fleet filters, the host page drawn from real data, zoom by drag,
 * explore with a wrong and a right query, both themes, a 390 px phone; screenshots of each page.
 */
describe('console in the browser', () => {
  let nester: RunningNester;
  let browser: Browser;
  const dialogs: string[] = [];

  before(async () => {
    const now = Date.now();
    nester = await startNester(['--local-harvester'], (dir) => seedRegistry(dir, SIMULATED, now));
    await writeToAll(
      [{ name: 'nester', url: `${nester.url}/api/v1/write`, headers: nester.headers }],
      hostSeriesRequests(SIMULATED, now - 40 * 60_000, now),
    );
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    await mkdir(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await nester?.stop();
    assert.deepEqual(dialogs, [], 'a harvester-supplied string ran script in the page');
  });

  const open = async (
    hash: string,
    width = 1280,
    scheme: 'dark' | 'light' = 'dark',
  ): Promise<{ ctx: BrowserContext; page: Page }> => {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const [name, value] = nester.headers.cookie!.split('=', 2) as [string, string];
    await ctx.addCookies([{ name, value, url: nester.url }]);
    const page = await ctx.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${nester.url}/${hash}`);
    return { ctx, page };
  };
  const shot = (page: Page, file: string) => page.screenshot({ path: join(SHOTS, file), fullPage: true });
  const count = async (page: Page, state: string) =>
    Number(
      ((await page.getByTestId(`count-${state}`).locator('.summary__count').textContent()) ?? '').replace(
        /,/g,
        '',
      ),
    );
  const drawn = (page: Page, key: string, timeout = 30_000) =>
    page.locator(`[data-testid="chart-${key}"][data-points]:not([data-points="0"])`).waitFor({ timeout });

  it('lists the fleet with counts per state, filters by text, team, label and state', async () => {
    const { ctx, page } = await open('#/fleet');
    try {
      await page.getByTestId(`fleet-row-${REAL}`).waitFor({ timeout: 20_000 });
      await waitFor('every harvester listed', 10_000, async () =>
        (await count(page, 'all')) === 7 ? true : undefined,
      );
      assert.equal(await count(page, 'offline'), 6);
      // Offline wins over any level, so the simulated hosts' figures show in their rows, not in
      // the state counts (which depend on how busy this machine is): sim-web-1's disk is 90 % full.
      await waitFor('summaries from the simulated data', 30_000, async () =>
        ((await page.getByTestId('fleet-row-sim-web-1').textContent()) ?? '').includes('90%')
          ? true
          : undefined,
      );
      await page.waitForTimeout(1500);
      await shot(page, 'fleet-1280-dark.png');

      await page.getByTestId('fleet-filter').fill('sim-web');
      await page.getByText('2 of 7 shown').waitFor();
      await page.getByTestId('fleet-filter').fill('');
      await page.getByTestId('fleet-team').selectOption('bravo');
      await page.getByText('3 of 7 shown').waitFor();
      assert.ok(page.url().includes('team=bravo'), `the filter is in the URL: ${page.url()}`);
      await page.getByTestId('fleet-team').selectOption('');
      await page.getByTestId('fleet-label').selectOption('site=paris');
      await page.getByText('2 of 7 shown').waitFor();
      await page.getByTestId('fleet-label').selectOption('');
      // The simulated harvesters are enrolled but never connect: offline, as a machine switched off.
      await page.getByTestId('count-offline').click();
      await page.getByText('6 of 7 shown').waitFor();
      assert.equal(await page.getByTestId(`fleet-row-${REAL}`).count(), 0);
      await page.getByTestId('count-offline').click();

      // Worst first: the offline machines, then the busiest.
      const names: string[] = [];
      for (const row of await page.locator('[data-testid^="fleet-row-"]').all())
        names.push(((await row.getAttribute('data-testid')) ?? '').slice('fleet-row-'.length));
      assert.equal(names[0], 'sim-web-1', names.join(', '));

      // A hostile label is text, never markup.
      const hostileRow = page.getByTestId('fleet-row-sim-hostile');
      await page.getByTestId('fleet-filter').fill('hostile');
      await hostileRow.waitFor();
      assert.equal(await hostileRow.locator('img').count(), 0);
      assert.ok(((await hostileRow.textContent()) ?? '').includes(HOSTILE));
    } finally {
      await ctx.close();
    }
  });

  it('draws every chart of a real harvester from its own data, with its inventory', async () => {
    const { ctx, page } = await open(`#/host/${encodeURIComponent(REAL)}?range=15m`);
    try {
      for (const key of CHARTS.filter((k) => k !== 'temperature')) await drawn(page, key);
      const inventory = (await page.getByTestId('host-inventory').textContent()) ?? '';
      assert.match(inventory, /Kernel/);
      assert.match(inventory, /IP addresses/);
      await page.getByTestId('host-disks').waitFor();
      await page.waitForTimeout(500);
      await shot(page, 'host-1280-dark.png');
    } finally {
      await ctx.close();
    }
  });

  it('draws a simulated harvester, temperatures included, and zooms by dragging', async () => {
    const { ctx, page } = await open('#/host/sim-web-1?range=1h');
    try {
      for (const key of CHARTS) await drawn(page, key);
      const os = (await page.getByTestId('host-inventory').textContent()) ?? '';
      assert.match(os, /Debian/);
      const over = page.locator('[data-testid="chart-cpu"] .u-over');
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
      await page.waitForURL(/from=\d+&to=\d+/);
      const hash = new URL(page.url()).hash;
      const q = new URLSearchParams(hash.slice(hash.indexOf('?') + 1));
      const span = Number(q.get('to')) - Number(q.get('from'));
      // A fifth of a one-hour chart, give or take the plot's edges.
      assert.ok(span > 8 * 60 && span < 16 * 60, `zoomed span ${span} s (${hash})`);
      assert.equal(q.get('range'), null);
      await drawn(page, 'cpu');
    } finally {
      await ctx.close();
    }
    const hostile = await open('#/host/sim-hostile');
    try {
      await hostile.page.getByTestId('host-inventory').waitFor();
      assert.equal(await hostile.page.getByTestId('host-header').locator('img').count(), 0);
      assert.ok(((await hostile.page.getByTestId('host-inventory').textContent()) ?? '').includes(HOSTILE));
    } finally {
      await hostile.ctx.close();
    }
  });

  it('shows a wrong query’s error where it is, then graphs and tabulates a right one', async () => {
    const { ctx, page } = await open('#/explore');
    try {
      const editor = page.locator('[data-testid="explore-editor"] .cm-content');
      await editor.click();
      await page.keyboard.type('node_load1 * * 2');
      await page.keyboard.press('Escape');
      await page.getByTestId('explore-run').click();
      const error = page.getByTestId('explore-error');
      await error.waitFor();
      assert.match((await error.textContent()) ?? '', /line 1, column 14/);
      assert.match((await error.textContent()) ?? '', /unexpected <op:\*>/);
      // The caret stands under the second "*" (13 characters in).
      assert.match((await page.locator('.explore-error__caret').textContent()) ?? '', /^ {13}\^$/);
      await page.locator('.cm-lintRange-error, .cm-lintPoint-error').first().waitFor();
      await shot(page, 'explore-error-1280-dark.png');

      await editor.click();
      await page.keyboard.press('Control+a');
      await page.keyboard.type('node_load1');
      await page.keyboard.press('Escape');
      await page.getByTestId('explore-run').click();
      await page
        .locator('[data-testid="explore-graph"][data-points]:not([data-points="0"])')
        .waitFor({ timeout: 20_000 });
      assert.equal(await error.count(), 0);
      await shot(page, 'explore-graph-1280-dark.png');
      await page.getByTestId('explore-view-table').click();
      const rows = page.locator('[data-testid="explore-table"] tbody tr');
      await rows.first().waitFor();
      assert.ok((await rows.count()) >= 7, `table rows: ${await rows.count()}`);
      await shot(page, 'explore-table-1280-dark.png');
    } finally {
      await ctx.close();
    }
  });

  it('switches to the light theme and keeps the choice', async () => {
    const { ctx, page } = await open('#/fleet');
    try {
      await page.getByTestId(`fleet-row-${REAL}`).waitFor({ timeout: 20_000 });
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
      await page.getByTestId('theme-toggle').click();
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
      await page.reload();
      await page.getByTestId(`fleet-row-${REAL}`).waitFor({ timeout: 20_000 });
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
    } finally {
      await ctx.close();
    }
  });

  it('takes every page at 1280 and 390 px in both themes, with nothing wider than a phone', async () => {
    const pages: Array<[string, string, (p: Page) => Promise<unknown>]> = [
      ['fleet', '#/fleet', (p) => p.getByTestId('fleet-row-sim-web-1').waitFor({ timeout: 20_000 })],
      ['host', '#/host/sim-web-1?range=6h', (p) => drawn(p, 'processes')],
      [
        'explore',
        `#/explore?q=${encodeURIComponent('sum by (instance) (node_load1)')}`,
        (p) => p.locator('[data-testid="explore-graph"][data-points]').waitFor({ timeout: 20_000 }),
      ],
    ];
    for (const width of [1280, 390]) {
      for (const scheme of ['dark', 'light'] as const) {
        for (const [name, hash, ready] of pages) {
          const { ctx, page } = await open(hash, width, scheme);
          try {
            await ready(page);
            await page.waitForTimeout(800);
            if (width === 390) {
              const wide = await page.evaluate<number>('document.documentElement.scrollWidth');
              assert.ok(wide <= 390, `${name} is ${wide} px wide on a 390 px phone`);
            }
            await shot(page, `${name}-${width}-${scheme}.png`);
          } finally {
            await ctx.close();
          }
        }
      }
    }
    const login = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await login.newPage();
      await page.goto(nester.url);
      await page.getByTestId('login-page').waitFor();
      await shot(page, 'login-390-dark.png');
    } finally {
      await login.close();
    }
  });

  it('moves through the fleet with the keyboard', async () => {
    const { ctx, page } = await open('#/fleet');
    try {
      await page.getByTestId('fleet-row-sim-web-1').waitFor({ timeout: 20_000 });
      await page.keyboard.press('/');
      assert.equal(
        await page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null"),
        'fleet-filter',
      );
      await page.locator('[data-row="0"] a').focus();
      await page.keyboard.press('ArrowDown');
      assert.equal(
        await page.evaluate<string | null>(
          "document.activeElement?.closest('[data-row]')?.getAttribute('data-row') ?? null",
        ),
        '1',
      );
      await page.keyboard.press('Enter');
      await page.getByTestId('host-page').waitFor();
    } finally {
      await ctx.close();
    }
  });
});

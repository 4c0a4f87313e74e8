#!/usr/bin/env node
// Screenshots of the UI against the preview fixture server, with the system's Chromium (never a
// downloaded browser). Usage: node apps/web/scripts/take-screenshots.mjs [out-dir]
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startPreviewServer } from './preview-server.mjs';

const OUT = process.argv[2] ?? '/tmp/seahawks-shots';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CHARTS = ['cpu', 'memory', 'load', 'network', 'disk-io', 'filesystem'];

await mkdir(OUT, { recursive: true });
const server = await startPreviewServer({ port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log(`[browser ${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));

  await page.goto(`${server.url}/#/fleet`);
  await page.waitForSelector('[data-testid="login-page"]');
  await page.screenshot({ path: join(OUT, '01-login.png') });

  await page.fill('input[name="username"]', 'admin');
  await page.fill('input[name="password"]', 'wrong');
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="login-error"]');
  await page.screenshot({ path: join(OUT, '02-login-error.png') });

  await page.fill('input[name="password"]', 'admin');
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="fleet-table"] tbody tr');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, '03-fleet.png') });

  await page.fill('input[type="search"]', 'web');
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(OUT, '04-fleet-filtered.png') });
  await page.fill('input[type="search"]', '');

  await page.click('[data-testid="fleet-row-pi-garage-01"]');
  for (const key of CHARTS) await page.waitForSelector(`[data-testid="chart-${key}"][data-points]`);
  await page.waitForSelector('[data-testid="chart-temperature"][data-points]');
  await page.hover('[data-testid="chart-cpu"] .u-over', { position: { x: 380, y: 60 } });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, '05-host.png') });
  await page.screenshot({ path: join(OUT, '06-host-full.png'), fullPage: true });

  for (const key of [...CHARTS, 'temperature']) {
    const points = await page.getAttribute(`[data-testid="chart-${key}"]`, 'data-points');
    console.log(`pi-garage-01 chart-${key}: data-points=${points}`);
  }

  await page.goto(`${server.url}/#/host/edge-legacy?range=15m`);
  await page.waitForSelector('[data-testid="chart-cpu"][data-points]');
  await page.waitForSelector('[data-testid="chart-filesystem-error"]');
  await page.screenshot({ path: join(OUT, '07-host-errors.png'), fullPage: true });

  await page.goto(`${server.url}/#/host/web-02?range=24h`);
  await page.waitForSelector('[data-testid="chart-temperature"][data-points="0"]');
  await page.screenshot({ path: join(OUT, '08-host-no-sensors.png'), fullPage: true });

  await page.click('[data-testid="logout"]');
  await page.waitForSelector('[data-testid="login-page"]');
  console.log(`screenshots in ${OUT}`);
} finally {
  await browser.close();
  await server.close();
}

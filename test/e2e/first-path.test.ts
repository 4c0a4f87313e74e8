import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { REPO_ROOT, startNesterProcess, waitFor } from './processes.js';
import type { StartedNester } from './processes.js';

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
const host = hostname();

/**
 * The first end-to-end path, with real processes: `seahawks nester serve --local-harvester`
 * (the quick start), the harvester it runs, the HTTP API, and headless Chromium.
 */
describe('end to end: harvester → nester → chart in the browser', () => {
  let nester: StartedNester;
  let dir: string;
  let cookie = '';
  let startedAt = 0;

  const api = async (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${nester.url}${path}`, {
      ...init,
      headers: { cookie, ...(init.headers as Record<string, string>) },
    });
  const query = async (
    q: string,
  ): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
    const res = await api(`/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await res.json()) as { status: string; data: { result: [] }; error?: string };
    assert.equal(body.status, 'success', `query ${q}: ${body.error}`);
    return body.data.result;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-e2e-'));
    startedAt = Date.now();
    nester = await startNesterProcess(join(dir, 'data'), ['--local-harvester']);
    assert.match(nester.password, /^\S{20}$/, 'the first start prints a generated admin password');
    const res = await fetch(`${nester.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: nester.password }),
    });
    assert.equal(res.status, 200);
    cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  });

  after(async () => {
    await nester?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses the API without authentication, but answers the health check', async () => {
    assert.equal((await fetch(`${nester.url}/api/v1/query?query=up`)).status, 401);
    assert.equal((await fetch(`${nester.url}/api/fleet`)).status, 401);
    assert.equal((await fetch(`${nester.url}/healthz`)).status, 200);
  });

  it('shows the local harvester online with its inventory', async () => {
    const h = await waitFor('the local harvester online', 20_000, async () => {
      const body = (await (await api('/api/fleet')).json()) as {
        harvesters: Array<{ name: string; online: boolean; inventory: { kernel?: string } }>;
      };
      return body.harvesters.find((x) => x.name === host && x.online && x.inventory.kernel);
    });
    assert.equal(h.name, host);
  });

  it('stores what /proc says: memory total and CPU count', async () => {
    const meminfo = await readFile('/proc/meminfo', 'utf8');
    const memTotal = Number(/^MemTotal:\s+(\d+) kB$/m.exec(meminfo)![1]) * 1024;
    const mem = await waitFor('node_memory_MemTotal_bytes', 20_000, async () => {
      const r = await query(`node_memory_MemTotal_bytes{instance="${host}"}`);
      return r.length > 0 ? r : undefined;
    });
    const firstDataMs = Date.now() - startedAt;
    process.stdout.write(`first data queryable ${firstDataMs} ms after the nester was started\n`);
    assert.ok(firstDataMs < 10_000, `first data after ${firstDataMs} ms, the README promises seconds`);
    assert.equal(Number(mem[0]!.value[1]), memTotal);
    assert.equal(mem[0]!.metric.job, 'node');

    const stat = await readFile('/proc/stat', 'utf8');
    const cpus = stat.split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
    const idle = await query(`node_cpu_seconds_total{instance="${host}",mode="idle"}`);
    assert.equal(idle.length, cpus);
  });

  it('answers irate() and sum by() over real counters: CPU seconds per second ≈ number of CPUs', async () => {
    const cpus = (await readFile('/proc/stat', 'utf8')).split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
    const r = await waitFor('two collections for irate()', 30_000, async () => {
      const v = await query(`sum by (instance) (irate(node_cpu_seconds_total{instance="${host}"}[1m]))`);
      return v.length === 1 ? v : undefined;
    });
    // irate is exact between the last two samples; rate() would extrapolate a short window
    // (Prometheus' semantics, checked in the engine's own tests), so it is only checked for sign.
    const rate = await query(`sum(rate(node_cpu_seconds_total{instance="${host}"}[1m]))`);
    assert.ok(Number(rate[0]!.value[1]) > 0);
    const perSecond = Number(r[0]!.value[1]);
    // All modes of all CPUs add up to one second per second per CPU (USER_HZ rounding aside).
    assert.ok(Math.abs(perSecond - cpus) < 0.15 * cpus, `sum of CPU rates ${perSecond} vs ${cpus} CPUs`);
  });

  it('draws the fleet and the host charts in headless Chromium', async () => {
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
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(nester.url);
      await page.screenshot({ path: join(SHOTS, '1-login.png') });
      await page.getByLabel(/user/i).fill('admin');
      await page.getByLabel(/password/i).fill(nester.password);
      await page.getByRole('button', { name: /log in|sign in/i }).click();
      await page.getByText(host).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(1000);
      await page.screenshot({ path: join(SHOTS, '2-fleet.png') });
      await page.getByText(host).first().click();
      for (const key of ['cpu', 'memory', 'network', 'filesystem', 'load']) {
        await page
          .locator(`[data-testid="chart-${key}"][data-points]:not([data-points="0"])`)
          .waitFor({ timeout: 20_000 });
      }
      await page.screenshot({ path: join(SHOTS, '3-host.png'), fullPage: true });
      const points = await page.locator('[data-testid="chart-memory"]').getAttribute('data-points');
      assert.ok(Number(points) > 0, `memory chart drew ${points} points`);
    } finally {
      await browser?.close();
    }
  });
});

// A real nester process with users of several teams and simulated harvesters (joined over the
// real HTTPS join endpoint, writing through remote_write with their own credentials), and a
// Chromium that records every dialog and CSP violation: what the console's browser tests share.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { labelsFromRecord } from '@seahawks/model';
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import { postWrite } from '../support/remote-write.js';
import { REPO_ROOT, startNesterProcess } from './processes.js';
import type { StartedNester } from './processes.js';

export const PASSWORD = 'a long enough password';
export const HOSTILE = '<img src=x onerror=alert(1)>';
export const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');

export interface ConsoleFixture {
  readonly nester: StartedNester;
  readonly dir: string;
  readonly dataDir: string;
  readonly adminCookie: string;
  /** Logs in through the API and returns the session cookie. */
  login(user: string, password?: string): Promise<string>;
  /** A call to the nester's API with a cookie (and the CSRF header on writes). */
  api(cookie: string, path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  createUser(name: string, role: string, teams: string[]): Promise<void>;
  /** Joins a simulated harvester with a fresh admin token and writes a few samples as it. */
  simulateHarvester(name: string, labels: Record<string, string>, inventory: object): Promise<string>;
  newPage(width: number): Promise<WatchedPage>;
  stop(): Promise<void>;
}

/** A page whose dialogs and CSP violations are counted, in its own browser context. */
export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly dialogs: string[];
  cspViolations(): Promise<string[]>;
  /** Signs in through the login form and waits for the fleet. */
  signIn(user: string, password?: string): Promise<void>;
}

export async function startConsoleFixture(): Promise<ConsoleFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-console-e2e-'));
  const dataDir = join(dir, 'data');
  const nester = await startNesterProcess(dataDir);
  let browser: Browser | undefined;
  const login = async (user: string, password = PASSWORD): Promise<string> => {
    const res = await fetch(`${nester.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password }),
    });
    assert.equal(res.status, 200, `login ${user}: ${await res.text()}`);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  const adminCookie = await login('admin', nester.password);
  const api = (cookie: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${nester.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie,
        'x-seahawks-csrf': '1',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
  const caPem = await readFile(join(dataDir, 'pki', 'ca.crt'), 'utf8');

  const fixture: ConsoleFixture = {
    nester,
    dir,
    dataDir,
    adminCookie,
    login,
    api,
    createUser: async (name, role, teams) => {
      const res = await api(adminCookie, '/api/users', {
        method: 'POST',
        body: { name, role, teams, password: PASSWORD },
      });
      assert.equal(res.status, 201, await res.text());
    },
    simulateHarvester: async (name, labels, inventory) => {
      const created = await api(adminCookie, '/api/enrollment/tokens', { method: 'POST', body: { uses: 1 } });
      assert.equal(created.status, 201);
      const { token } = (await created.json()) as { token: string };
      const joined = await postJson(`${nester.agentUrl}/tunnel/v1/join`, caPem, {
        token,
        name,
        labels,
        inventory,
      });
      assert.equal(joined.status, 200, joined.body);
      const { credential } = JSON.parse(joined.body) as { credential: string };
      await writeSamples(nester.url, credential, name, labels);
      return credential;
    },
    newPage: async (width) => {
      browser ??= await chromium.launch({
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
      const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: nester.url });
      // As text: the test project has no DOM types, and this runs in the page.
      await context.addInitScript({
        content: `window.__csp = []; document.addEventListener('securitypolicyviolation',
          (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`,
      });
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      });
      return {
        page,
        context,
        dialogs,
        cspViolations: () => page.evaluate<string[]>('window.__csp'),
        signIn: async (user, password = PASSWORD) => {
          await page.goto(nester.url);
          await page.getByLabel(/user/i).fill(user);
          await page.getByLabel(/password/i).fill(password);
          await page.getByRole('button', { name: /sign in/i }).click();
          await page.getByTestId('current-user').waitFor({ timeout: 15_000 });
        },
      };
    },
    stop: async () => {
      await browser?.close();
      await nester.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** Three rounds of node_exporter-shaped samples, labelled as a harvester labels its series. */
async function writeSamples(
  url: string,
  credential: string,
  name: string,
  labels: Record<string, string>,
): Promise<void> {
  const now = Date.now();
  const times = [now - 30_000, now - 15_000, now];
  const base = { ...labels, job: 'node', instance: name };
  const series = (metric: Record<string, string>, values: number[]) => ({
    labels: labelsFromRecord({ ...base, ...metric }),
    samples: times.map((t, i) => ({ t, v: values[i]! })),
  });
  // The mount point carries whatever the harvester's labels carry: hostile text reaches the legend.
  const mount = labels.site ?? '/';
  const fs = { device: '/dev/sda1', fstype: 'ext4', mountpoint: mount };
  const body = snappyCompress(
    encodeWriteRequest([
      series({ __name__: 'node_load1' }, [0.5, 0.7, 0.6]),
      series({ __name__: 'node_memory_MemTotal_bytes' }, [8e9, 8e9, 8e9]),
      series({ __name__: 'node_memory_MemAvailable_bytes' }, [4e9, 3.9e9, 3.8e9]),
      series({ __name__: 'node_filesystem_size_bytes', ...fs }, [1e11, 1e11, 1e11]),
      series({ __name__: 'node_filesystem_avail_bytes', ...fs }, [4e10, 3.9e10, 3.8e10]),
      series({ __name__: 'node_cpu_seconds_total', cpu: '0', mode: 'idle' }, [100, 114, 128]),
      series({ __name__: 'node_cpu_seconds_total', cpu: '0', mode: 'user' }, [10, 11, 12]),
    ]),
  );
  await postWrite(
    { name, url: `${url}/api/v1/write`, headers: { authorization: `Bearer ${credential}` } },
    body,
  );
}

/** POSTs JSON over HTTPS to the harvester endpoint, trusting only the nester's own CA. */
function postJson(url: string, ca: string, body: object): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

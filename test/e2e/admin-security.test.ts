// The console's security as a person meets it, over a real nester process with simulated
// harvesters of two teams: team scoping in the UI and the API, hostile harvesters rendered as
// text, login throttling, a viewer kept out of the admin pages and calls, the UI's headers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOSTILE, PASSWORD, startConsoleFixture } from './console-fixture.js';
import type { ConsoleFixture, WatchedPage } from './console-fixture.js';

describe('console security in the browser and the API', () => {
  let f: ConsoleFixture;

  before(async () => {
    f = await startConsoleFixture();
    await f.createUser('alice', 'operator', ['alpha']);
    await f.createUser('bob', 'viewer', ['bravo']);
    await f.createUser('vic', 'viewer', ['alpha']);
    await f.simulateHarvester('alpha-sim', { team: 'alpha' }, { hostname: 'alpha-sim', os: 'Debian 12' });
    await f.simulateHarvester('bravo-sim', { team: 'bravo' }, { hostname: 'bravo-sim', os: 'Ubuntu 24.04' });
    // Node names are checked at the join, so hostile text arrives through labels and the inventory.
    await f.simulateHarvester(
      'hostile-labels',
      { team: 'alpha', site: HOSTILE },
      { hostname: 'hostile-labels' },
    );
    await f.simulateHarvester(
      'hostile-inventory',
      { team: 'alpha' },
      {
        hostname: HOSTILE,
        os: HOSTILE,
        kernel: HOSTILE,
        cpuModel: HOSTILE,
        version: HOSTILE,
        ips: [HOSTILE],
      },
    );
    await f.simulateHarvester('hostile-team', { team: HOSTILE }, { hostname: 'hostile-team' });
  });
  after(() => f?.stop());

  /** No script ran and no element came out of hostile text: no dialog, no <img>, no CSP report. */
  const assertHarmless = async (w: WatchedPage, where: string): Promise<void> => {
    await w.page.waitForTimeout(500);
    assert.deepEqual(w.dialogs, [], `${where}: a dialog fired`);
    assert.equal(await w.page.locator('img').count(), 0, `${where}: an <img> element was created`);
    assert.deepEqual(await w.cspViolations(), [], `${where}: CSP violations`);
    assert.doesNotMatch(await w.page.title(), /</, `${where}: title`);
  };

  it('renders hostile labels, inventory and team names as text on every page', async () => {
    const w = await f.newPage(1280);
    await w.signIn('admin', f.nester.password);
    await w.page.goto(`${f.nester.url}/#/fleet`);
    await w.page.getByText('hostile-inventory').first().waitFor();
    await w.page.getByText(HOSTILE).filter({ visible: true }).first().waitFor();
    await assertHarmless(w, 'fleet');
    for (const name of ['hostile-labels', 'hostile-inventory']) {
      await w.page.goto(`${f.nester.url}/#/host/${name}`);
      await w.page.locator('[data-testid="chart-filesystem"][data-points]:not([data-points="0"])').waitFor({
        timeout: 20_000,
      });
      await assertHarmless(w, `host ${name}`);
    }
    // The legend of the filesystem chart names the hostile mount point, as text.
    await w.page.goto(`${f.nester.url}/#/host/hostile-labels`);
    await w.page
      .locator('[data-testid="chart-filesystem"]')
      .getByText(HOSTILE)
      .first()
      .waitFor({ timeout: 20_000 });
    await assertHarmless(w, 'host legend');
    await w.page.goto(`${f.nester.url}/#/host/hostile-inventory`);
    await w.page.getByText(HOSTILE).filter({ visible: true }).first().waitFor();
    await assertHarmless(w, 'host inventory');
    await w.page.goto(`${f.nester.url}/#/enroll`);
    await w.page.locator('[data-harvester="hostile-inventory"]').getByText(HOSTILE).waitFor();
    await assertHarmless(w, 'enroll');
    await w.page.goto(`${f.nester.url}/#/admin/teams`);
    await w.page.getByTestId('team-row').filter({ hasText: HOSTILE }).waitFor();
    await assertHarmless(w, 'teams');
    await w.context.close();
  });

  it('shows a user of team alpha only alpha’s harvesters, in the UI and every API', async () => {
    const w = await f.newPage(1280);
    await w.signIn('alice');
    await w.page.getByText('alpha-sim').first().waitFor();
    const fleetText = (await w.page.getByTestId('fleet-page').textContent()) ?? '';
    assert.ok(fleetText.includes('hostile-inventory'));
    assert.ok(!fleetText.includes('bravo-sim') && !fleetText.includes('hostile-team'), fleetText);
    await w.page.goto(`${f.nester.url}/#/host/bravo-sim`);
    await w.page.waitForTimeout(1500);
    assert.ok(!((await w.page.textContent('body')) ?? '').includes('Ubuntu 24.04'), 'no inventory of bravo');
    await w.page.goto(`${f.nester.url}/#/enroll`);
    await w.page.locator('[data-harvester="alpha-sim"]').waitFor();
    assert.equal(await w.page.locator('[data-harvester="bravo-sim"]').count(), 0);
    await w.context.close();

    const alice = await f.login('alice');
    for (const path of [
      '/api/fleet',
      '/api/enrollment/harvesters',
      '/api/enrollment/tokens',
      `/api/v1/query?query=${encodeURIComponent('{__name__=~".+"}')}`,
      `/api/v1/query?query=${encodeURIComponent('node_load1{team="bravo"}')}`,
      `/api/v1/query_range?query=node_load1&start=${Date.now() / 1000 - 600}&end=${Date.now() / 1000}&step=15`,
      '/api/v1/series?match[]=node_load1',
      '/api/v1/label/instance/values',
      '/api/v1/label/team/values',
    ]) {
      const res = await f.api(alice, path);
      const text = await res.text();
      assert.equal(res.status, 200, `${path}: ${text}`);
      assert.ok(!text.includes('bravo'), `${path} leaks team bravo: ${text.slice(0, 300)}`);
    }
    const instances = (await (await f.api(alice, '/api/v1/label/instance/values')).json()) as {
      data: string[];
    };
    assert.deepEqual(instances.data, ['alpha-sim', 'hostile-inventory', 'hostile-labels']);
    const bob = (await (await f.api(await f.login('bob'), '/api/fleet')).json()) as {
      harvesters: Array<{ name: string }>;
    };
    assert.deepEqual(
      bob.harvesters.map((h) => h.name),
      ['bravo-sim'],
    );
  });

  it('keeps a viewer out of the admin pages and refuses admin calls with 403', async () => {
    const w = await f.newPage(1280);
    await w.signIn('bob');
    const nav = w.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Fleet' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Enroll' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Users' }).count(), 0);
    for (const hash of ['#/admin/users', '#/admin/teams', '#/enroll']) {
      await w.page.goto(`${f.nester.url}/${hash}`);
      await w.page.getByText(/Your role cannot open/).waitFor();
    }
    await w.context.close();
    const bob = await f.login('bob');
    const calls: Array<[string, string, unknown]> = [
      ['GET', '/api/users', undefined],
      ['POST', '/api/users', { name: 'mallory', role: 'admin', password: PASSWORD }],
      ['PUT', '/api/users/bob', { role: 'admin' }],
      ['PUT', '/api/users/admin/password', { password: PASSWORD }],
      ['DELETE', '/api/users/alice', undefined],
      ['GET', '/api/teams', undefined],
      ['GET', '/api/enrollment/tokens', undefined],
      ['POST', '/api/enrollment/tokens', { team: 'bravo' }],
      ['POST', '/api/enrollment/harvesters/bravo-sim/revoke', undefined],
      ['GET', '/api/auth/tokens', undefined],
      ['POST', '/api/auth/tokens', { name: 'x', role: 'viewer' }],
    ];
    for (const [method, path, body] of calls) {
      const res = await f.api(bob, path, { method, body });
      assert.equal(res.status, 403, `${method} ${path}: ${await res.text()}`);
    }
    const users = (await (await f.api(f.adminCookie, '/api/users')).json()) as {
      users: Array<{ name: string; role: string }>;
    };
    assert.deepEqual(
      users.users.map((u) => `${u.name}:${u.role}`),
      ['admin:admin', 'alice:operator', 'bob:viewer', 'vic:viewer'],
    );
  });

  it('throttles failed logins: the sixth try is refused, even with the right password', async () => {
    const w = await f.newPage(390);
    await w.page.goto(f.nester.url);
    for (let i = 0; i < 5; i++) {
      await w.page.getByLabel(/user/i).fill('vic');
      await w.page.getByLabel(/password/i).fill(`wrong password ${i}`);
      await w.page.getByRole('button', { name: /sign in/i }).click();
      await w.page
        .getByTestId('login-error')
        .getByText(/wrong user name or password/)
        .waitFor();
    }
    await w.page.getByLabel(/user/i).fill('vic');
    await w.page.getByLabel(/password/i).fill(PASSWORD);
    await w.page.getByRole('button', { name: /sign in/i }).click();
    await w.page
      .getByTestId('login-error')
      .getByText(/too many failed attempts; try again in \d+ s/)
      .waitFor();
    await w.page.screenshot({ path: `${f.dir}/throttled.png` });
    await w.context.close();
    const res = await fetch(`${f.nester.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'vic', password: PASSWORD }),
    });
    assert.equal(res.status, 429);
    assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
    assert.equal(
      (
        await fetch(`${f.nester.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'alice', password: PASSWORD }),
        })
      ).status,
      200,
      'another user from the same address is not locked',
    );
  });

  it('serves the UI with a strict CSP, no framing, no sniffing, and HttpOnly SameSite cookies', async () => {
    const page = await fetch(`${f.nester.url}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    const login = await fetch(`${f.nester.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
  });
});

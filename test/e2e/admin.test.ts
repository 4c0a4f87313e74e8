// The console's admin pages as a person uses them, over a real nester process: enroll a machine
// with the join command copied from the page (a real `seahawks harvester join`, then `run`),
// revoke it (its tunnel drops), manage users and teams, one's own password and API tokens.
// Screenshots of each page at 1280 and 390 px go to docs/screenshots/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { captureOutput, killOnExit, stopChild } from '../support/processes.js';
import { PASSWORD, SCREENSHOTS, startConsoleFixture } from './console-fixture.js';
import type { ConsoleFixture, WatchedPage } from './console-fixture.js';
import { REPO_ROOT, waitFor } from './processes.js';

/** Runs `node bin/seahawks.js <args>` from the built tree; resolves with its output once it exits. */
function seahawks(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['bin/seahawks.js', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output: output() })));
}

describe('console: enrollment, users, teams and account in the browser', () => {
  let f: ConsoleFixture;
  let harvester: ChildProcess | undefined;
  let harvesterOutput = (): string => '';
  let unguard = (): void => undefined;

  before(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    f = await startConsoleFixture();
    await f.createUser('alice', 'operator', ['alpha']);
    await f.createUser('bob', 'viewer', ['bravo']);
    await f.simulateHarvester(
      'alpha-sim',
      { team: 'alpha', site: 'lab' },
      { hostname: 'alpha-sim', os: 'Debian 12' },
    );
    await f.simulateHarvester('bravo-sim', { team: 'bravo' }, { hostname: 'bravo-sim', os: 'Ubuntu 24.04' });
  });
  after(async () => {
    if (harvester) await stopChild(harvester);
    unguard();
    await f?.stop();
  });

  const shoot = async (w: WatchedPage, name: string): Promise<void> => {
    await w.page.waitForTimeout(300);
    await w.page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  };

  it('creates a join token in the page, and a real harvester joins with the copied command', async () => {
    const w = await f.newPage(1280);
    await w.signIn('admin', f.nester.password);
    await w.page.getByRole('link', { name: 'Enroll' }).click();
    await w.page.getByTestId('enroll-page').waitFor();
    await w.page.getByTestId('credential-row').first().waitFor();
    await shoot(w, 'enroll-1280.png');
    const form = w.page.getByTestId('join-token-form');
    await form.getByLabel('Expires').selectOption('1h');
    await form.getByLabel(/Machines/).fill('1');
    await form.getByLabel('Team').fill('alpha');
    await form.getByLabel('Other labels').fill('site=rack4');
    await form.getByLabel('Description').fill('the e2e machine');
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = w.page.getByTestId('join-command');
    await shown.waitFor();
    const command = await shown.inputValue();
    assert.match(
      command,
      /^seahawks harvester join https:\/\/127\.0\.0\.1:\d+ --token [a-z0-9]{6}\.[a-z0-9]{16} --ca-hash sha256:[0-9a-f]{64}$/,
    );
    await w.page.getByRole('button', { name: 'Copy' }).click();
    await w.page.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await w.page.evaluate<string>('navigator.clipboard.readText()');
    assert.equal(copied, command, 'the clipboard holds the command shown');
    await shoot(w, 'enroll-token-1280.png');

    // The operator pastes it on the machine, adding where to keep the credential and the config.
    const args = copied.split(' ').slice(1);
    const dataDir = join(f.dir, 'real-harvester');
    const config = join(dataDir, 'harvester.json');
    const joined = await seahawks([...args, '--data', dataDir, '--config', config, '--name', 'real-1']);
    assert.equal(joined.code, 0, joined.output);
    assert.match(joined.output, /joined .* as "real-1" with labels .*team=alpha/);
    harvester = spawn(process.execPath, ['bin/seahawks.js', 'harvester', 'run', '--config', config], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SEAHAWKS_HARVESTER_INTERVAL: '2s' },
    });
    harvesterOutput = captureOutput(harvester);
    unguard = killOnExit(harvester);

    const row = w.page.locator('[data-testid="credential-row"][data-harvester="real-1"]');
    await row.getByRole('img', { name: 'online' }).waitFor({ timeout: 20_000 });
    assert.match((await row.textContent()) ?? '', /site\s*rack4/);
    const tokenRow = w.page.getByTestId('join-token-row').first();
    await waitFor('the token used up', 10_000, async () =>
      /used up/.test((await tokenRow.textContent()) ?? '') ? true : undefined,
    );
    await w.page.getByRole('button', { name: 'Done' }).click();
    await shoot(w, 'enroll-harvester-1280.png');
    const narrow = await f.newPage(390);
    await narrow.signIn('admin', f.nester.password);
    await narrow.page.goto(`${f.nester.url}/#/enroll`);
    await narrow.page.getByTestId('credential-row').first().waitFor();
    await shoot(narrow, 'enroll-390.png');
    await narrow.context.close();
    assert.deepEqual(w.dialogs, []);
    assert.deepEqual(await w.cspViolations(), []);
    await w.context.close();
  });

  it('revokes the harvester’s credential from the page: its tunnel drops and it stops', async () => {
    const w = await f.newPage(1280);
    await w.signIn('admin', f.nester.password);
    await w.page.goto(`${f.nester.url}/#/enroll`);
    await w.page.getByTestId('revoke-real-1').click();
    await w.page.getByTestId('revoke-real-1-confirm').click();
    await w.page.getByText('real-1’s credential revoked').waitFor();
    await waitFor('the harvester told it is revoked', 10_000, () =>
      Promise.resolve(/the nester revoked this harvester/.test(harvesterOutput()) ? true : undefined),
    );
    const fleet = (await (await f.api(f.adminCookie, '/api/fleet')).json()) as {
      harvesters: Array<{ name: string }>;
    };
    assert.ok(!fleet.harvesters.some((h) => h.name === 'real-1'));
    // The page reloads its lists before it shows the note: no stale row beside it.
    assert.equal(await w.page.locator('[data-harvester="real-1"]').count(), 0);
    await w.context.close();
  });

  it('adds, changes, resets and removes a user in the users page; teams follow', async () => {
    const w = await f.newPage(1280);
    await w.signIn('admin', f.nester.password);
    await w.page.getByRole('link', { name: 'Users' }).click();
    const form = w.page.getByTestId('create-user-form');
    await form.getByLabel('Name').fill('carol');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel('Teams').fill('bravo, delta');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Add user' }).click();
    await w.page.getByText('Added carol (viewer).').waitFor();
    const row = w.page.locator('[data-testid="user-row"][data-user="carol"]');
    await row.getByLabel('Role of carol').selectOption('operator');
    await row.getByLabel('Teams of carol').fill('alpha');
    await row.getByRole('button', { name: 'Save' }).click();
    await w.page.getByText('Saved carol.').waitFor();
    assert.deepEqual(await (await f.api(await f.login('carol'), '/api/auth/me')).json(), {
      user: { name: 'carol', role: 'operator', teams: ['alpha'] },
    });
    await shoot(w, 'admin-users-1280.png');
    await row.getByRole('button', { name: 'Reset password' }).click();
    await row.getByLabel('New password for carol').fill('a different password');
    await row.getByRole('button', { name: 'Set' }).click();
    await w.page.getByText(/New password set for carol; 1 session ended/).waitFor();

    await w.page.getByRole('link', { name: 'Teams' }).click();
    const alpha = w.page.getByTestId('team-row').filter({ hasText: /^alpha/ });
    await alpha.waitFor();
    assert.match((await alpha.textContent()) ?? '', /alice.*carol.*1 \(0 online\)/s);
    await shoot(w, 'admin-teams-1280.png');

    await w.page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Users' })
      .click();
    await row.getByRole('button', { name: 'Remove user carol' }).click();
    await row.getByRole('button', { name: 'Confirm remove' }).click();
    await w.page.getByText(/Removed carol/).waitFor();
    assert.equal((await f.api(f.adminCookie, '/api/users')).status, 200);
    const users = (await (await f.api(f.adminCookie, '/api/users')).json()) as {
      users: Array<{ name: string }>;
    };
    assert.deepEqual(
      users.users.map((u) => u.name),
      ['admin', 'alice', 'bob'],
    );
    const narrow = await f.newPage(390);
    await narrow.signIn('admin', f.nester.password);
    await narrow.page.goto(`${f.nester.url}/#/admin/users`);
    await narrow.page.getByTestId('user-row').first().waitFor();
    await shoot(narrow, 'admin-users-390.png');
    await narrow.page.goto(`${f.nester.url}/#/admin/teams`);
    await narrow.page.getByTestId('team-row').first().waitFor();
    await shoot(narrow, 'admin-teams-390.png');
    await narrow.context.close();
    assert.deepEqual(await w.cspViolations(), []);
    await w.context.close();
  });

  it('lets an operator change their password (other sessions end) and make a team-scoped API token', async () => {
    const elsewhere = await f.login('alice');
    const w = await f.newPage(1280);
    await w.signIn('alice');
    await w.page.getByTestId('current-user').click();
    await w.page.getByTestId('account-page').waitFor();
    const tokens = w.page.getByTestId('api-tokens-panel');
    assert.deepEqual(await tokens.getByLabel('Role').locator('option').allTextContents(), [
      'operator',
      'viewer',
    ]);
    await tokens.getByLabel('Name').fill('grafana-alpha');
    await tokens.getByLabel('Role').selectOption('viewer');
    await tokens.getByRole('button', { name: 'Create token' }).click();
    const secret = await w.page.getByTestId('api-token-secret').inputValue();
    assert.match(secret, /^sht_/);
    const q = await fetch(
      `${f.nester.url}/api/v1/query?query=${encodeURIComponent('count by (instance) (node_load1)')}`,
      {
        headers: { authorization: `Bearer ${secret}` },
      },
    );
    const result = ((await q.json()) as { data: { result: Array<{ metric: { instance: string } }> } }).data
      .result;
    const instances = result.map((r) => r.metric.instance);
    assert.ok(instances.includes('alpha-sim'), instances.join());
    assert.ok(!instances.includes('bravo-sim'), 'the token sees team alpha only');
    await shoot(w, 'account-1280.png');

    const pw = w.page.getByTestId('password-form');
    await pw.getByLabel('Current password').fill(PASSWORD);
    await pw.getByLabel('New password', { exact: true }).fill('alice new password');
    await pw.getByLabel('New password again').fill('alice new password');
    await pw.getByRole('button', { name: 'Change password' }).click();
    await w.page.getByText('Password changed; 1 other session ended.').waitFor();
    assert.equal((await f.api(elsewhere, '/api/auth/me')).status, 401, 'the other session ended');
    await w.page.reload();
    await w.page.getByTestId('account-page').waitFor();
    // The sessions list loads after the page shell: wait for it before counting its rows.
    await w.page.getByTestId('session-row').first().waitFor();
    assert.equal(await w.page.getByTestId('session-row').count(), 1, 'this browser stays signed in');
    const narrow = await f.newPage(390);
    await narrow.signIn('alice', 'alice new password');
    await narrow.page.goto(`${f.nester.url}/#/account`);
    await narrow.page.getByTestId('session-row').first().waitFor();
    await shoot(narrow, 'account-390.png');
    await narrow.context.close();
    await w.context.close();
  });
});

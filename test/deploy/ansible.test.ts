// The Ansible side of deploy/: every playbook passes --syntax-check and ansible-lint, and the
// nester and harvester roles really run against this machine (connection local) into a
// temporary prefix, twice: the second run must change nothing. The harvester goes through
// install_harvester.sh with a join token, which must then appear in no output, log or file.
// The installed services are started as their units say and the harvester's data reaches the nester.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../e2e/processes.js';
import { buildRelease } from './release.js';
import { REPO_ROOT, requireTool, run, runOk } from './tools.js';
import type { Ran } from './tools.js';
import { readUnit, startUnit } from './unit-process.js';
import type { StartedUnit } from './unit-process.js';

const ANSIBLE_DIR = join(REPO_ROOT, 'deploy/ansible');
const PLAYBOOKS = ['nester.yml', 'harvester.yml', 'site.yml'];
/** A user of its own, so the test never touches a real installation's `seahawks`. */
const USER = 'seahawks-ci';

interface Recap {
  readonly changed: number;
  readonly failed: number;
}

function recap(r: Ran): Recap {
  const m = /localhost\s*:\s*ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)/.exec(r.stdout);
  if (!m) throw new Error(`no PLAY RECAP in the output:\n${r.stdout}\n${r.stderr}`);
  return { changed: Number(m[1]), failed: Number(m[2]) };
}

/** Every regular file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

describe('Ansible playbooks and roles', { timeout: 300_000 }, () => {
  let dir: string;
  let prefix: string;
  let tarball: string;
  let varsFile: string;
  const env = (): Record<string, string> => ({
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_LOG_PATH: join(dir, 'ansible.log'),
    ANSIBLE_LOCALHOST_WARNING: 'false',
  });
  const running: StartedUnit[] = [];
  let nester: StartedUnit | undefined;
  let nesterUrl = '';
  const adminPassword = randomBytes(15).toString('base64url');

  before(async () => {
    if (process.getuid?.() !== 0)
      throw new Error('the Ansible test creates a user and runs services as it: run it as root (CI does)');
    await requireTool('ansible-playbook', 'ansible');
    await requireTool('ansible-lint', 'ansible-lint');
    await requireTool('systemd-analyze', 'systemd');
    dir = await mkdtemp(join(tmpdir(), 'seahawks-ansible-'));
    // The services run as their own user, who must be able to reach the prefix.
    await chmod(dir, 0o755);
    prefix = join(dir, 'root');
    tarball = await buildRelease(join(dir, 'release'));
    varsFile = join(dir, 'paths.json');
    await writeFile(
      varsFile,
      JSON.stringify({
        seahawks_release_tarball: tarball,
        seahawks_user: USER,
        seahawks_group: USER,
        seahawks_home: join(prefix, 'opt/seahawks'),
        seahawks_config_dir: join(prefix, 'etc/seahawks'),
        seahawks_state_dir: join(prefix, 'var/lib/seahawks'),
        seahawks_systemd_dir: join(prefix, 'etc/systemd/system'),
        seahawks_bin_link: join(prefix, 'usr/local/bin/seahawks'),
        seahawks_nester_hosts: 'localhost',
        seahawks_harvester_hosts: 'localhost',
        seahawks_nester_listen: { host: '127.0.0.1', port: 0 },
        seahawks_nester_agent_listen: { host: '127.0.0.1', port: 0 },
      }),
    );
    await runOk('mkdir', ['-p', join(prefix, 'etc/systemd/system'), join(prefix, 'usr/local/bin')]);
  });
  after(async () => {
    for (const p of running) await p.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('every playbook passes ansible-playbook --syntax-check and ansible-lint (production profile)', async () => {
    for (const p of PLAYBOOKS)
      await runOk('ansible-playbook', ['--syntax-check', '-i', 'localhost,', p], {
        cwd: ANSIBLE_DIR,
        env: env(),
      });
    const lint = await run('ansible-lint', ['-p', '--profile', 'production', ...PLAYBOOKS], {
      cwd: ANSIBLE_DIR,
      env: { ...env(), NO_COLOR: '1' },
    });
    assert.equal(lint.code, 0, `ansible-lint found problems:\n${lint.stdout}\n${lint.stderr}`);
  });

  it('every shell script of deploy/ passes shellcheck', async () => {
    await requireTool('shellcheck', 'shellcheck');
    const scripts = (await filesUnder(join(REPO_ROOT, 'deploy'))).filter((f) => f.endsWith('.sh'));
    assert.ok(scripts.length >= 8, scripts.join(' '));
    const r = await run('shellcheck', ['-x', ...scripts]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('install_nester.sh installs release, config, secrets and a verified unit; a second run changes nothing', async () => {
    const passwordFile = join(dir, 'admin-password');
    await writeFile(passwordFile, `${adminPassword}\n`, { mode: 0o600 });
    const install = (): Promise<Ran> =>
      run(
        'bash',
        [
          join(REPO_ROOT, 'deploy/install_nester.sh'),
          ...['--server-name', 'nester.ci.test', '--admin-password-file', passwordFile],
          ...['--release', tarball, '--yes', '--', '-e', `@${varsFile}`],
        ],
        { env: env(), timeoutMs: 180_000 },
      );
    const first = await install();
    assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
    assert.ok(recap(first).changed > 0, 'the first run installs something');
    const second = await install();
    assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
    assert.deepEqual(recap(second), { changed: 0, failed: 0 }, `second run:\n${second.stdout}`);
    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr])
      assert.ok(!text.includes(adminPassword), 'the password is not printed');
    const config = JSON.parse(await readFile(join(prefix, 'etc/seahawks/nester.json'), 'utf8')) as {
      tunnel: { serverNames: string[] };
    };
    assert.deepEqual(config.tunnel.serverNames, ['nester.ci.test']);
    const envFile = join(prefix, 'etc/seahawks/nester.env');
    for (const f of await filesUnder(dir))
      if (f !== passwordFile && f !== envFile)
        assert.ok(!(await readFile(f)).includes(adminPassword), `the password is in ${f.slice(dir.length)}`);
    assert.equal((await stat(envFile)).mode & 0o777, 0o600);
    assert.match(
      await readFile(envFile, 'utf8'),
      new RegExp(`^SEAHAWKS_ADMIN_PASSWORD=${adminPassword}$`, 'm'),
    );
    const unitFile = join(prefix, 'etc/systemd/system/seahawks-nester.service');
    await runOk('systemd-analyze', ['verify', unitFile]);

    nester = await startUnit(await readUnit(unitFile), /Harvester endpoint: \S+/);
    running.push(nester);
    nesterUrl = /Seahawks nester is running: (\S+)/.exec(nester.output())![1]!;
    assert.doesNotMatch(nester.output(), /password:/, 'the admin password came from the secrets file');
  });

  it('install_harvester.sh joins with a token, a second run changes nothing, and the token leaks nowhere', async () => {
    assert.ok(nester, 'the nester test ran');
    const created = await runOk(join(prefix, 'usr/local/bin/seahawks'), [
      'nester',
      'token',
      'create',
      '--config',
      join(prefix, 'etc/seahawks/nester.json'),
      '--uses',
      '0',
    ]);
    const m = /join (\S+) --token (\S+) --ca-hash (\S+)/.exec(created.stdout);
    assert.ok(m, created.stdout);
    const [, url, token, caHash] = m as unknown as [string, string, string, string];
    const tokenFile = join(dir, 'join-token');
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    const install = (): Promise<Ran> =>
      run(
        'bash',
        [
          join(REPO_ROOT, 'deploy/install_harvester.sh'),
          ...['--nester', url, '--ca-hash', caHash, '--token-file', tokenFile],
          ...['--name', 'ci-node', '--labels', 'team=a,site=ci', '--interval', '2s'],
          ...['--release', tarball, '--yes', '--', '-e', `@${varsFile}`],
        ],
        { env: env(), timeoutMs: 180_000 },
      );
    const first = await install();
    assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
    const second = await install();
    assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
    assert.deepEqual(recap(second), { changed: 0, failed: 0 }, `second run:\n${second.stdout}`);

    const secretPart = token.split('.')[1]!;
    const outputs = [first.stdout, first.stderr, second.stdout, second.stderr, nester.output()];
    for (const text of outputs) assert.ok(!text.includes(secretPart), `the token is in an output:\n${text}`);
    const files = (await filesUnder(dir)).filter((f) => f !== tokenFile && !f.endsWith('/credential'));
    assert.ok(files.includes(join(dir, 'ansible.log')), "Ansible's log was written");
    for (const f of files)
      assert.ok(!(await readFile(f)).includes(secretPart), `the token is in ${f.slice(dir.length)}`);
    const credential = join(prefix, 'var/lib/seahawks/harvester/credential');
    assert.equal((await stat(credential)).mode & 0o777, 0o600);
  });

  it('the installed harvester, started as its unit says, ships this machine to the installed nester', async () => {
    const unitFile = join(prefix, 'etc/systemd/system/seahawks-harvester.service');
    await runOk('systemd-analyze', ['verify', unitFile]);
    const harvester = await startUnit(await readUnit(unitFile), /tunnel online/);
    running.push(harvester);
    const login = await fetch(`${nesterUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    assert.equal(login.status, 200, 'the admin password of the secrets file works');
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const labels = await waitFor('node_uname_info of ci-node on the nester', 30_000, async () => {
      const q = encodeURIComponent('node_uname_info{instance="ci-node"}');
      const res = await fetch(`${nesterUrl}/api/v1/query?query=${q}`, { headers: { cookie } });
      const body = (await res.json()) as { data: { result: Array<{ metric: Record<string, string> }> } };
      return body.data.result[0]?.metric;
    });
    assert.deepEqual([labels.team, labels.site], ['a', 'ci']);
  });
});

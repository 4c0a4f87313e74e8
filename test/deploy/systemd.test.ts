// The systemd units (deploy/systemd, and the role templates they are rendered from): valid for
// `systemd-analyze verify` with no warning, hardened as the issue asks, with an exposure score
// from `systemd-analyze security` that stays low. No systemd runs as PID 1 here, so nothing is
// started by systemd: test/deploy/ansible.test.ts starts the installed units' commands itself.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT, requireTool, run } from './tools.js';

const UNITS = ['seahawks-nester', 'seahawks-harvester'] as const;
const unitFile = (u: string): string => join(REPO_ROOT, 'deploy/systemd', `${u}.service`);
/** systemd-analyze security's scale: 0 (locked down) .. 10 (exposed); "OK" is below 4. */
const MAX_EXPOSURE = 2.5;

/** The role defaults a unit template uses, nested references resolved. */
async function roleDefaults(): Promise<Record<string, string>> {
  const vars: Record<string, string> = {};
  for (const role of ['seahawks_common', 'seahawks_nester', 'seahawks_harvester']) {
    const file = join(REPO_ROOT, 'deploy/ansible/roles', role, 'defaults/main.yml');
    for (const [k, v] of Object.entries(parse(await readFile(file, 'utf8')) as Record<string, unknown>))
      if (typeof v === 'string') vars[k] = v;
  }
  return vars;
}

function substitute(text: string, vars: Record<string, string>): string {
  let out = text;
  for (let i = 0; i < 5; i++) out = out.replace(/\{\{ (\w+) \}\}/g, (all, name: string) => vars[name] ?? all);
  return out;
}

describe('systemd units', () => {
  before(() => requireTool('systemd-analyze', 'systemd'));

  for (const u of UNITS) {
    it(`${u}.service passes systemd-analyze verify without a warning`, async () => {
      const r = await run('systemd-analyze', ['verify', unitFile(u)]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '', 'warnings (an unknown key, a bad value) count as failures');
    });

    it(`${u}.service is hardened: own user, no privilege, read-only system, restart on failure, after the network`, async () => {
      const text = await readFile(unitFile(u), 'utf8');
      for (const line of [
        'User=seahawks',
        'NoNewPrivileges=yes',
        'CapabilityBoundingSet=',
        'ProtectSystem=strict',
        'PrivateTmp=yes',
        'Restart=on-failure',
        'After=network-online.target',
        'Wants=network-online.target',
        'WantedBy=multi-user.target',
      ])
        assert.match(text, new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'), line);
      assert.match(text, /^ProtectHome=(yes|read-only)$/m);
      const r = await run('systemd-analyze', ['security', '--offline=yes', '--no-pager', unitFile(u)]);
      const score = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(r.stdout + r.stderr)?.[1]);
      assert.ok(score <= MAX_EXPOSURE, `exposure ${score} > ${MAX_EXPOSURE}:\n${r.stdout}`);
    });

    if (u === 'seahawks-harvester')
      it('the remote-maintenance drop-in applies to the harvester unit without a warning', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'seahawks-unit-'));
        try {
          // systemd-analyze verify reads drop-ins only from systemd's own directories: append it.
          const dropIn = join(REPO_ROOT, 'deploy/systemd/seahawks-harvester-remote-maintenance.conf');
          const unit = join(dir, 'seahawks-harvester.service');
          await writeFile(unit, (await readFile(unitFile(u), 'utf8')) + (await readFile(dropIn, 'utf8')));
          const r = await run('systemd-analyze', ['verify', unit]);
          assert.deepEqual([r.code, r.stderr], [0, '']);
          assert.match(await readFile(dropIn, 'utf8'), /^User=root$/m);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });

    it(`${u}.service is the Ansible role's template rendered with the role defaults`, async () => {
      const role = u === 'seahawks-nester' ? 'seahawks_nester' : 'seahawks_harvester';
      const template = await readFile(
        join(REPO_ROOT, 'deploy/ansible/roles', role, 'templates', `${u}.service.j2`),
        'utf8',
      );
      const rendered = substitute(template, await roleDefaults());
      assert.doesNotMatch(rendered, /\{\{/, 'every placeholder has a default');
      assert.equal(
        rendered,
        await readFile(unitFile(u), 'utf8'),
        'deploy/systemd/ and the role template must say the same: change both',
      );
    });
  }
});

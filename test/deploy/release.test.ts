// The release tarball (deploy/release/build.sh): reproducible, so Ansible's release id changes
// only with the content, and buildable for another architecture (a Raspberry Pi's arm64 on a PC):
// the same files, with the native modules of that architecture.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildRelease } from './release.js';
import { REPO_ROOT, runOk } from './tools.js';

/** ELF e_machine values (offset 18, little-endian). */
const ELF_MACHINE: Readonly<Record<string, number>> = { x64: 0x3e, arm64: 0xb7 };

async function entries(tarball: string): Promise<string[]> {
  return (await runOk('tar', ['-tzf', tarball])).stdout.split('\n').filter((l) => l !== '');
}

async function nativeModules(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith('.node')) out.push(join(e.parentPath, e.name));
  return out;
}

describe('the release tarball', { timeout: 180_000 }, () => {
  let dir: string;
  let native: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-release-'));
    native = await buildRelease(join(dir, 'a'));
  });
  after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('is reproducible: built twice from the same tree, the same bytes', async () => {
    const again = await buildRelease(join(dir, 'b'));
    const sha = async (f: string): Promise<string> =>
      createHash('sha256')
        .update(await readFile(f))
        .digest('hex');
    assert.equal(await sha(again), await sha(native));
  });

  it('builds for arm64 on any machine: the same files, native modules for AArch64', async () => {
    const { stdout } = await runOk(
      'bash',
      [join(REPO_ROOT, 'deploy/release/build.sh'), '--no-build', '--arch', 'arm64', join(dir, 'arm64')],
      { timeoutMs: 150_000 },
    );
    const arm = stdout.trim().split('\n').at(-1)!;
    assert.match(arm, /seahawks-[\d.]+-linux-arm64\.tar\.gz$/);
    const generic = (list: string[]): string[] =>
      list.map((e) => e.replace(/([-.])linux-(x64|arm64)(-gnu)?/g, '$1linux-ARCH$3')).sort();
    assert.deepEqual(generic(await entries(arm)), generic(await entries(native)));
    const unpacked = join(dir, 'arm64-unpacked');
    await runOk('mkdir', ['-p', unpacked]);
    await runOk('tar', ['-xzf', arm, '-C', unpacked]);
    const modules = await nativeModules(unpacked);
    assert.ok(modules.length > 0, 'the release has native modules (argon2)');
    for (const m of modules) {
      const head = await readFile(m);
      assert.equal(
        head.readUInt16LE(18),
        ELF_MACHINE.arm64,
        `${m.slice(unpacked.length)} is an AArch64 binary`,
      );
    }
  });
});

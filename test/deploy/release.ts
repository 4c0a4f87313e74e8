// The release tarball the Ansible roles install, built from this checkout's compiled tree.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runOk } from './tools.js';

/**
 * Runs deploy/release/build.sh --no-build into `dir` and returns the tarball's path. Needs the
 * compiled tree (`npm run build`, which `npm test` runs first).
 */
export async function buildRelease(dir: string): Promise<string> {
  if (!existsSync(join(REPO_ROOT, 'apps/harvester/dist/cli.js')))
    throw new Error('cannot build the release tarball: no compiled tree; run npm run build first');
  const { stdout } = await runOk('bash', ['deploy/release/build.sh', '--no-build', dir]);
  return stdout.trim().split('\n').at(-1)!;
}

// Running the deployment tools (ansible-playbook, systemd-analyze, kubectl, go, docker-compose)
// as child processes. A missing tool fails the test with the Debian package that provides it:
// these tests drive the real tools and never skip.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { killOnExit } from '../support/processes.js';
import { REPO_ROOT } from '../support/nester-process.js';

export { REPO_ROOT };

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** Finds `name` on PATH; throws naming the Debian package scripts/ensure-system-deps.sh installs. */
export async function requireTool(name: string, debianPackage: string): Promise<string> {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const dir of [...dirs, '/usr/bin', '/usr/sbin']) {
    try {
      await access(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // Not in this directory: try the next one.
      continue;
    }
  }
  throw new Error(
    `cannot find "${name}" on PATH: install the Debian package "${debianPackage}" ` +
      '(bash scripts/ensure-system-deps.sh does); the deployment tests drive it for real and never skip',
  );
}

/** Runs a command to its end (SIGKILL after `timeoutMs`, default 2 min) and collects its output. */
export function run(cmd: string, args: readonly string[], o: RunOptions = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: o.cwd ?? REPO_ROOT,
      env: { ...process.env, ...o.env },
      stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const unguard = killOnExit(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    if (o.input !== undefined) {
      // A command may exit before reading all its input; what it did is judged by its exit code.
      child.stdin!.on('error', (err) => (stderr += `(standard input: ${err.message})\n`));
      child.stdin!.end(o.input);
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 120_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      unguard();
      reject(new Error(`cannot run ${cmd}: ${err.message}`, { cause: err }));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      unguard();
      resolve({ code, stdout, stderr });
    });
  });
}

/** Like `run`, but throws with everything the command printed unless it exited 0. */
export async function runOk(cmd: string, args: readonly string[], o: RunOptions = {}): Promise<Ran> {
  const r = await run(cmd, args, o);
  if (r.code !== 0)
    throw new Error(`cannot run ${cmd} ${args.join(' ')}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readdir, readFile, realpath } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';

// Process plumbing of the throwaway PostgreSQL server (temp-postgres.ts): finding the binaries,
// dropping root, free ports, children that always end.

const MISSING =
  'cannot start PostgreSQL: no initdb and postgres executables on PATH or in /usr/lib/postgresql/*/bin. ' +
  'Install the Debian package "postgresql" (scripts/ensure-system-deps.sh does: apt-get install postgresql); ' +
  'these tests need a real server and never skip';

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * The directory holding `initdb` and `postgres` (and on Debian the client tools, `pg_dump` …):
 * PATH first, then Debian's newest version; symbolic links are followed to the real directory.
 */
export async function findPostgresBin(): Promise<string> {
  // No /usr/lib/postgresql (not Debian, or the package missing): PATH is all there is to search.
  const debian = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const versions = debian.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== ''),
    ...versions.map((v) => `/usr/lib/postgresql/${v}/bin`),
  ];
  for (const dir of dirs) {
    if ((await executable(join(dir, 'initdb'))) && (await executable(join(dir, 'postgres')))) {
      return dirname(await realpath(join(dir, 'initdb')));
    }
  }
  throw new Error(MISSING);
}

/** The unprivileged user to run as, and the command prefix that switches to it. */
export interface RunAs {
  readonly prefix: readonly string[];
  readonly uid: number;
  readonly gid: number;
}

/**
 * How to run the server: PostgreSQL refuses to run as root, so then it runs as the `postgres`
 * user (or `nobody`) through `setpriv`, which execs in place: signals reach the server itself,
 * where `runuser` would stand in between as a parent process.
 */
export async function unprivileged(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  for (const user of ['postgres', 'nobody']) {
    const fields = passwd
      .split('\n')
      .find((line) => line.startsWith(`${user}:`))
      ?.split(':');
    if (fields === undefined) continue;
    const uid = Number(fields[2]);
    const gid = Number(fields[3]);
    return { uid, gid, prefix: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'] };
  }
  throw new Error('cannot start PostgreSQL as root: no "postgres" or "nobody" user to run it as');
}

/** A loopback port the OS says is free now (it may be taken before use: callers retry). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('cannot find a free loopback port'))));
    });
  });
}

/** Spawns `cmd`, as `as` when given, keeping the last 64 KiB of its output in `output()`. */
export function spawnAs(
  as: RunAs | undefined,
  cmd: string,
  args: readonly string[],
): { child: ChildProcess; output: () => string } {
  const argv = as === undefined ? [cmd, ...args] : [...as.prefix, cmd, ...args];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const add = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-64 * 1024);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return { child, output: () => out };
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once the child has exited (at once when it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Sends `signal`, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (hasExited(child)) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Runs a command to its end within `timeoutMs`; throws with its output when it fails. */
export async function runToEnd(
  as: RunAs | undefined,
  cmd: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const { child, output } = spawnAs(as, cmd, args);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (code !== 0)
      throw new Error(`cannot run ${cmd}: exit ${code ?? child.signalCode}: ${output().trim()}`);
  } finally {
    clearTimeout(timer);
  }
}

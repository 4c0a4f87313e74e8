import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureOutput, killOnExit, sleep, stopChild } from './processes.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningNester {
  /** Base URL of the UI and API (Prometheus API and remote_write included). */
  readonly url: string;
  /** Headers of a logged-in admin session, CSRF header included, for reads and writes. */
  readonly headers: Readonly<Record<string, string>>;
  /** Process id, for resource figures. */
  readonly pid: number;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; removes the data directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `seahawks nester serve` as its own process on loopback ports chosen by the OS, from the
 * TypeScript sources (through tsx, as the test runner does) so that it runs the code under test
 * even when the built tree is stale. Logs in as the admin the first start creates.
 */
export async function startNester(
  extraArgs: readonly string[] = [],
  /** Runs on the empty data directory before the nester starts (to seed state files). */
  prepare?: (dataDir: string) => Promise<void>,
): Promise<RunningNester> {
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-nester-diff-'));
  await prepare?.(join(dir, 'data'));
  const password = randomBytes(18).toString('base64url');
  const child = spawn(
    process.execPath,
    [
      '--conditions=seahawks-source',
      '--import',
      'tsx',
      'bin/seahawks.js',
      'nester',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--agent-listen',
      '127.0.0.1:0',
      '--data',
      join(dir, 'data'),
      ...extraArgs,
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SEAHAWKS_LOG_LEVEL: 'warn', SEAHAWKS_ADMIN_PASSWORD: password },
    },
  );
  const output = captureOutput(child);
  const unguard = killOnExit(child);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await stopChild(child);
      unguard();
      await rm(dir, { recursive: true, force: true });
    })());
  try {
    const url = await waitForUrl(child, output);
    const headers = { cookie: await login(url, password), 'x-seahawks-csrf': '1' };
    return { url, headers, pid: child.pid ?? 0, output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitForUrl(child: { exitCode: number | null }, output: () => string): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const m = /Seahawks nester is running: (\S+)/.exec(output());
    if (m) return m[1]!;
    if (child.exitCode !== null)
      throw new Error(`cannot start the nester: it exited with ${child.exitCode}:\n${output()}`);
    await sleep(100);
  }
  throw new Error(`cannot start the nester: not ready after 60 s:\n${output()}`);
}

async function login(url: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 200 || cookie === undefined) {
    throw new Error(`cannot log in to the nester: HTTP ${res.status}: ${await res.text()}`);
  }
  return cookie;
}

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface StartedNester {
  readonly child: ChildProcess;
  readonly url: string;
  readonly agentUrl: string;
  /** The admin password printed on first start. */
  readonly password: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `seahawks nester serve` from the built tree exactly as a user would (the README's
 * command, on loopback ports chosen by the OS), and waits for the lines it prints when ready.
 */
export async function startNesterProcess(dataDir: string, extraArgs: string[] = []): Promise<StartedNester> {
  const child = spawn(
    process.execPath,
    [
      'bin/seahawks.js',
      'nester',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--agent-listen',
      '127.0.0.1:0',
      '--data',
      dataDir,
      ...extraArgs,
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SEAHAWKS_LOG_LEVEL: 'warn' },
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 30_000;
  while (!/Harvester endpoint: (\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`nester exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`nester not ready after 30 s:\n${out}`);
    await sleep(100);
  }
  const url = /Seahawks nester is running: (\S+)/.exec(out)![1]!;
  const agentUrl = /Harvester endpoint: (\S+)/.exec(out)![1]!;
  const password = /password: (\S+)/.exec(out)?.[1] ?? '';
  return {
    child,
    url,
    agentUrl,
    password,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      lastErr = err;
    }
    await sleep(250);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastErr instanceof Error ? `: ${lastErr.message}` : ''}`,
  );
}

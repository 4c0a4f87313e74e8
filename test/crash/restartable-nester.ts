// A nester that can be killed and started again on the same data directory (nester-process.ts
// starts each nester on a fresh one).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/nester-process.js';
import { captureOutput, killOnExit, sleep } from '../support/processes.js';

export interface NesterRun {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly child: ChildProcess;
  output(): string;
  /** SIGKILL, and waits for the exit. */
  kill(): Promise<void>;
}

/** Starts `nester serve` on `dir` (from the sources) and logs in as the admin. */
export async function startOn(dir: string, password: string): Promise<NesterRun> {
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
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SEAHAWKS_LOG_LEVEL: 'warn', SEAHAWKS_ADMIN_PASSWORD: password },
    },
  );
  const output = captureOutput(child);
  const unguard = killOnExit(child);
  const exited = once(child, 'exit');
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    unguard();
  };
  try {
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (url === undefined) {
      url = /Seahawks nester is running: (\S+)/.exec(output())?.[1];
      if (child.exitCode !== null)
        throw new Error(`cannot start the nester: exit ${child.exitCode}:\n${output()}`);
      if (Date.now() > deadline)
        throw new Error(`cannot start the nester: not ready after 60 s:\n${output()}`);
      if (url === undefined) await sleep(50);
    }
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (res.status !== 200 || cookie === undefined)
      throw new Error(`cannot log in to the nester: HTTP ${res.status}: ${await res.text()}`);
    return { url, headers: { cookie, 'x-seahawks-csrf': '1' }, child, output, kill };
  } catch (err) {
    await kill();
    throw err;
  }
}

// Starts what an installed systemd unit describes, the way systemd would (its ExecStart, as its
// User and Group, in its WorkingDirectory, with its Environment and EnvironmentFile), for
// machines where systemd is not PID 1. The sandboxing directives are checked separately, by
// `systemd-analyze verify` and `systemd-analyze security`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { captureOutput, killOnExit, sleep, stopChild } from '../support/processes.js';
import { runOk } from './tools.js';

export interface UnitService {
  readonly execStart: readonly string[];
  readonly user: string;
  readonly group: string;
  readonly workingDirectory: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly environmentFiles: readonly string[];
}

/** The [Service] settings of a unit file that starting it needs. */
export async function readUnit(file: string): Promise<UnitService> {
  const settings = new Map<string, string[]>();
  let section = '';
  for (const raw of (await readFile(file, 'utf8')).split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) section = header[1]!;
    else if (section === 'Service') {
      const eq = line.indexOf('=');
      const key = line.slice(0, eq);
      settings.set(key, [...(settings.get(key) ?? []), line.slice(eq + 1)]);
    }
  }
  const one = (key: string): string => {
    const v = settings.get(key)?.at(-1);
    if (v === undefined) throw new Error(`${file}: no ${key}=`);
    return v;
  };
  const environment: Record<string, string> = {};
  for (const v of settings.get('Environment') ?? []) {
    const eq = v.indexOf('=');
    environment[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return {
    execStart: one('ExecStart').split(/\s+/),
    user: one('User'),
    group: one('Group'),
    workingDirectory: one('WorkingDirectory'),
    environment,
    environmentFiles: settings.get('EnvironmentFile') ?? [],
  };
}

/** KEY=VALUE lines of an EnvironmentFile (a leading `-` in the unit: may be missing). */
async function readEnvironmentFile(spec: string): Promise<Record<string, string>> {
  const optional = spec.startsWith('-');
  let text: string;
  try {
    text = await readFile(optional ? spec.slice(1) : spec, 'utf8');
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

export interface StartedUnit {
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the unit's ExecStart and waits until its output matches `ready`. */
export async function startUnit(
  unit: UnitService,
  ready: RegExp,
  extraEnv: Readonly<Record<string, string>> = {},
  timeoutMs = 60_000,
): Promise<StartedUnit> {
  const uid = Number((await runOk('id', ['-u', unit.user])).stdout.trim());
  const gid = Number((await runOk('getent', ['group', unit.group])).stdout.split(':')[2]);
  let env: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin', ...unit.environment };
  for (const f of unit.environmentFiles) env = { ...env, ...(await readEnvironmentFile(f)) };
  const [cmd, ...args] = unit.execStart;
  const child = spawn(cmd!, args, {
    cwd: unit.workingDirectory,
    uid,
    gid,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child, 256 * 1024);
  const unguard = killOnExit(child);
  const stop = async (): Promise<void> => {
    await stopChild(child);
    unguard();
  };
  const deadline = Date.now() + timeoutMs;
  while (!ready.test(output())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`cannot start ${unit.execStart.join(' ')}: not ready (${ready}):\n${output()}`);
    }
    await sleep(50);
  }
  return { child, output, stop };
}

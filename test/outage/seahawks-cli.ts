// The `seahawks` command run as its own process, from the TypeScript sources (through tsx, as
// test/support/nester-process.ts does) so the code under test runs even when dist/ is stale.
// Shared by the outage and proxy tests; `prefix` runs a command inside a network namespace.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { captureOutput, killOnExit, sleep, stopChild } from '../support/processes.js';
import { REPO_ROOT } from '../support/nester-process.js';

/**
 * Proxy variables cleared (proxy-from-env reads either case; '' counts as unset), so a proxy
 * set on the machine running the tests never carries a loopback test's traffic.
 */
export const NO_PROXY_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap((k) => [
    [k, ''],
    [k.toLowerCase(), ''],
  ]),
);

export interface CliOptions {
  /** Extra environment on top of this process's. */
  readonly env?: Readonly<Record<string, string>>;
  /** A command the node process is run under, e.g. `['ip', 'netns', 'exec', 'ns1']`. */
  readonly prefix?: readonly string[];
  /** Node flags before the script, e.g. another `--import`. */
  readonly nodeArgs?: readonly string[];
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A long-running `seahawks` process: its child, what it printed, and a stop that never throws. */
export interface Daemon {
  readonly child: ChildProcess;
  /** When it was spawned, ms since the epoch. */
  readonly startedAt: number;
  /** When its output matched the ready pattern, ms since the epoch. */
  readonly readyAt: number;
  output(): string;
  /** SIGTERM, SIGKILL after 10 s; resolves with the time it had exited. Idempotent. */
  stop(): Promise<number>;
}

function spawnSeahawks(args: readonly string[], o: CliOptions): ChildProcess {
  const argv = [
    '--conditions=seahawks-source',
    '--import',
    'tsx',
    ...(o.nodeArgs ?? []),
    'bin/seahawks.js',
    ...args,
  ];
  const [cmd, ...pre] = [...(o.prefix ?? []), process.execPath];
  return spawn(cmd, [...pre, ...argv], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...o.env },
  });
}

/** Runs one `seahawks …` command to its end (killed after `timeoutMs`). */
export async function runCli(
  args: readonly string[],
  o: CliOptions = {},
  timeoutMs = 60_000,
): Promise<CliResult> {
  const child = spawnSeahawks(args, o);
  const unguard = killOnExit(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  clearTimeout(timer);
  unguard();
  return { code, stdout, stderr };
}

/** Like `runCli`, but throws with everything it printed unless it exited 0. */
export async function runCliOk(args: readonly string[], o: CliOptions = {}): Promise<string> {
  const r = await runCli(args, o);
  if (r.code !== 0) {
    throw new Error(`cannot run seahawks ${args.join(' ')}: exit ${r.code}\n${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

/** Starts a long-running `seahawks …` and waits until its output matches `ready`. */
export async function startDaemon(
  args: readonly string[],
  ready: RegExp,
  o: CliOptions = {},
  timeoutMs = 60_000,
): Promise<Daemon> {
  const startedAt = Date.now();
  const child = spawnSeahawks(args, o);
  const output = captureOutput(child, 256 * 1024);
  const unguard = killOnExit(child);
  let stopped: Promise<number> | undefined;
  const stop = (): Promise<number> =>
    (stopped ??= (async () => {
      await stopChild(child);
      unguard();
      return Date.now();
    })());
  const deadline = Date.now() + timeoutMs;
  while (!ready.test(output())) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`cannot start seahawks ${args.join(' ')}: not ready (${ready}):\n${output()}`);
    }
    await sleep(50);
  }
  return { child, startedAt, readyAt: Date.now(), output, stop };
}

export interface JoinCommand {
  readonly url: string;
  readonly token: string;
  readonly caHash: string;
}

/** Reads the join command `nester token create` prints alone on stdout. */
export function parseJoinCommand(stdout: string): JoinCommand {
  const m = /^seahawks harvester join (\S+) --token (\S+) --ca-hash (\S+)$/m.exec(stdout);
  if (!m) throw new Error(`cannot find the join command in:\n${stdout}`);
  return { url: m[1]!, token: m[2]!, caHash: m[3]! };
}

/** `seahawks nester harvesters -o json` through the admin socket: name → status. */
export async function harvesterStatuses(dataDir: string): Promise<Map<string, string>> {
  const out = await runCliOk(['nester', 'harvesters', '-o', 'json', '--data', dataDir]);
  const rows = JSON.parse(out) as Array<{ name: string; status: string }>;
  return new Map(rows.map((r) => [r.name, r.status]));
}

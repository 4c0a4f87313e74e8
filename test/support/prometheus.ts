import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { captureOutput, freeLoopbackPort, killOnExit, sleep, stopChild } from './processes.js';

export interface RunningPrometheus {
  /** Base URL, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** What `/api/v1/status/buildinfo` says, e.g. "2.42.0+ds". */
  readonly version: string;
  /** Process id, for resource figures. */
  readonly pid: number;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; removes the data directory. Idempotent. */
  stop(): Promise<void>;
}

const MISSING =
  'cannot start Prometheus: no "prometheus" executable on PATH. Install the Debian package "prometheus" ' +
  '(scripts/ensure-system-deps.sh does: apt-get install prometheus); these tests compare against it and never skip';

/** Finds the `prometheus` binary on PATH (the Debian package puts it in /usr/bin). */
export async function findPrometheus(): Promise<string> {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const dir of [...dirs, '/usr/bin']) {
    const candidate = join(dir, 'prometheus');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory: try the next one.
      continue;
    }
  }
  throw new Error(MISSING);
}

/**
 * Starts a real Prometheus on a free loopback port with an empty scrape config, its own data
 * directory, the remote_write receiver on and a 5 m lookback, and waits until `/-/ready`.
 * Retries on another port when the chosen one was taken in between.
 */
export async function startPrometheus(extraArgs: readonly string[] = []): Promise<RunningPrometheus> {
  const bin = await findPrometheus();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(bin, extraArgs);
    } catch (err) {
      lastError = err;
      if (!(err instanceof Error) || !/address already in use/.test(err.message)) throw err;
    }
  }
  throw lastError;
}

async function startOnce(bin: string, extraArgs: readonly string[]): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  await writeFile(config, 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
  const port = await freeLoopbackPort();
  const child = spawn(
    bin,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--query.lookback-delta=5m',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
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
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child, output);
    const info = (await (await fetch(`${url}/api/v1/status/buildinfo`)).json()) as {
      data: { version: string };
    };
    return { url, version: info.data.version, pid: child.pid ?? 0, output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitReady(
  url: string,
  child: { exitCode: number | null },
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`cannot start Prometheus: it exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`);
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch (err) {
      // Connection refused until it listens: keep polling, the deadline bounds the loop.
      if (!(err instanceof TypeError)) throw err;
    }
    await sleep(100);
  }
  throw new Error(`cannot start Prometheus: not ready after 30 s:\n${output()}`);
}

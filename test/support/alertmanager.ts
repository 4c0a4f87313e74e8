import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { captureOutput, freeLoopbackPort, killOnExit, sleep, stopChild } from './processes.js';

export interface RunningAlertmanager {
  /** Base URL, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly version: string;
  output(): string;
  /** SIGTERM, then SIGKILL; removes its data. Idempotent. */
  stop(): Promise<void>;
}

const MISSING =
  'cannot start Alertmanager: no "prometheus-alertmanager" executable on PATH. Install the Debian package ' +
  '"prometheus-alertmanager" (scripts/ensure-system-deps.sh does); these tests use it for real and never skip';

async function findAlertmanager(): Promise<string> {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin']) {
    if (dir === '') continue;
    for (const name of ['prometheus-alertmanager', 'alertmanager']) {
      try {
        await access(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // Not here under this name: try the next.
        continue;
      }
    }
  }
  throw new Error(MISSING);
}

/**
 * Starts a real Alertmanager on loopback with `configYaml`, clustering off, its own data
 * directory, and waits until it is ready.
 */
export async function startAlertmanager(configYaml: string): Promise<RunningAlertmanager> {
  const bin = await findAlertmanager();
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-alertmanager-'));
  await writeFile(join(dir, 'alertmanager.yml'), configYaml);
  const port = await freeLoopbackPort();
  const child = spawn(
    bin,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
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
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`cannot start Alertmanager: it exited with ${child.exitCode}:\n${output()}`);
      const ok = await fetch(`${url}/-/ready`).then(
        (r) => r.status === 200,
        (err: unknown) => {
          // Refused until it listens; anything else is a real problem.
          if (!(err instanceof TypeError)) throw err;
          return false;
        },
      );
      if (ok) break;
      if (Date.now() > deadline)
        throw new Error(`cannot start Alertmanager: not ready after 30 s:\n${output()}`);
      await sleep(100);
    }
    const status = (await (await fetch(`${url}/api/v2/status`)).json()) as {
      versionInfo?: { version?: string };
    };
    return { url, version: status.versionInfo?.version ?? 'unknown', output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

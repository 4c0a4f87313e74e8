// A real tinyproxy (Debian tinyproxy-bin) for the proxy test: CONNECT only to the nester's
// harvester port, clients from the harvester's address only, no upstream, a log file the test
// reads to prove the tunnel went through it.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { captureOutput, killOnExit, sleep, stopChild } from '../support/processes.js';

export interface RunningProxy {
  /** `http://<address>:<port>`, for HTTPS_PROXY. */
  readonly url: string;
  /** The proxy's log so far. */
  log(): Promise<string>;
  /** Stops it; never throws. */
  stop(): Promise<void>;
}

export interface ProxyOptions {
  /** Command prefix running it inside a namespace (`ip netns exec …`). */
  readonly prefix: readonly string[];
  readonly listen: string;
  readonly port: number;
  /** The one client address allowed. */
  readonly allow: string;
  /** The one port CONNECT may reach: the nester's harvester endpoint. */
  readonly connectPort: number;
  /** Directory for its config and log. */
  readonly dir: string;
}

/** Writes a minimal config and starts tinyproxy in the foreground; resolves once it accepts. */
export async function startTinyproxy(o: ProxyOptions): Promise<RunningProxy> {
  const config = join(o.dir, 'tinyproxy.conf');
  const logFile = join(o.dir, 'tinyproxy.log');
  await writeFile(
    config,
    [
      `Port ${o.port}`,
      `Listen ${o.listen}`,
      // Long enough for the tunnel's idle moments; heartbeats every 2 s keep it busy anyway.
      'Timeout 600',
      `Allow ${o.allow}`,
      `ConnectPort ${o.connectPort}`,
      `LogFile "${logFile}"`,
      // Info logs each CONNECT with its target, which is what the test checks.
      'LogLevel Info',
      'MaxClients 20',
      '',
    ].join('\n'),
  );
  const [cmd, ...pre] = [...o.prefix, 'tinyproxy'];
  const child = spawn(cmd, [...pre, '-d', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child);
  const unguard = killOnExit(child);
  const log = async (): Promise<string> => {
    try {
      return await readFile(logFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw err;
    }
  };
  const stop = async (): Promise<void> => {
    await stopChild(child, 5000);
    unguard();
  };
  const deadline = Date.now() + 10_000;
  while (!/Accepting connections/.test(await log())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`cannot start tinyproxy: ${output()}\n${await log()}`);
    }
    await sleep(50);
  }
  return { url: `http://${o.listen}:${o.port}`, log, stop };
}

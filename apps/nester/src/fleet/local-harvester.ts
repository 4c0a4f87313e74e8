import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import type { FleetRegistry } from './registry.js';

export interface LocalHarvester {
  stop(): Promise<void>;
}

/**
 * The quick start's "harvester on this machine": enrolls one (once; its credential is kept in
 * `<dataDir>/local-harvester/`, mode 0600), then runs `seahawks harvester run` as a child process
 * and restarts it if it dies. It needs no join: it shares the machine, so it is enrolled directly
 * and pins the nester's CA file where it lies. It is a separate process on purpose: exactly what an operator runs
 * on every other machine.
 */
export async function startLocalHarvester(opts: {
  dataDir: string;
  /** The harvester endpoint, `https://127.0.0.1:<port>`. */
  agentUrl: string;
  /** The CA the endpoint's certificate chains to: on this machine, the harvester pins the file itself. */
  caFile: string;
  interval: string;
  fleet: FleetRegistry;
  logger: FastifyBaseLogger;
  now: number;
}): Promise<LocalHarvester> {
  const dir = join(opts.dataDir, 'local-harvester');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const credentialFile = join(dir, 'credential');
  const name = hostname();
  let credential = await readFile(credentialFile, 'utf8').then(
    (t) => t.trim(),
    () => '',
  );
  if (credential === '' || !opts.fleet.authenticate(credential)) {
    if (opts.fleet.byName(name)) await opts.fleet.revoke(name, opts.now);
    credential = await opts.fleet.enroll(name, { role: 'local' }, opts.now);
    await writeFile(credentialFile, `${credential}\n`, { mode: 0o600 });
  }
  const configFile = join(dir, 'harvester.json');
  const config = {
    nester: opts.agentUrl,
    credentialFile,
    caFile: opts.caFile,
    name,
    interval: opts.interval,
    dataDir: join(dir, 'state'),
  };
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });

  const bin = fileURLToPath(new URL('../../../../bin/seahawks.js', import.meta.url));
  let child: ChildProcess | undefined;
  let stopping = false;
  const run = (): void => {
    child = spawn(process.execPath, [bin, 'harvester', 'run', '--config', configFile], { stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      opts.logger.warn({ code, signal }, 'local harvester exited; restarting in 2 s');
      setTimeout(run, 2000).unref();
    });
  };
  run();
  opts.logger.info({ name, config: configFile }, 'local harvester started');
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (!child || child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

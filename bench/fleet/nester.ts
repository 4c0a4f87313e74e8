// The nester under test: `seahawks nester serve` as its own process (from the sources, through
// tsx, as the tests run it) so its CPU and RSS can be read from /proc/<pid>, on loopback ports
// the OS picks. Harvesters are enrolled the way an operator and a joining machine would: a join
// token from the admin socket (`POST /tokens`), then `POST /tunnel/v1/join` on the agent port.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminRequest } from '../../apps/nester/src/cli-admin-client.js';
import type { HarvesterRow } from '../../apps/nester/src/fleet/admin-socket-routes.js';
import { REPO_ROOT } from '../../test/support/nester-process.js';
import { captureOutput, killOnExit, sleep, stopChild } from '../../test/support/processes.js';

export interface BenchNester {
  readonly pid: number;
  /** `https://127.0.0.1:<port>`, the harvester endpoint. */
  readonly agentUrl: string;
  readonly caPem: string;
  /** Enrolls `names` (none of them enrolled yet) and returns their credentials, in order. */
  enroll(names: readonly string[]): Promise<string[]>;
  /** Names the nester reports online right now (admin socket `GET /harvesters`). */
  onlineNames(): Promise<Set<string>>;
  output(): string;
  /** SIGTERM (the nester saves and exits; a CPU profile, if asked for, is written), then SIGKILL. */
  stop(): Promise<void>;
}

export async function startBenchNester(opts: { cpuProfileDir?: string }): Promise<BenchNester> {
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-bench-fleet-'));
  const dataDir = join(dir, 'data');
  const profile =
    opts.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfileDir];
  const child = spawn(
    process.execPath,
    [
      ...profile,
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
      dataDir,
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SEAHAWKS_LOG_LEVEL: 'warn', SEAHAWKS_ADMIN_PASSWORD: 'bench-fleet-password' },
    },
  );
  const output = captureOutput(child);
  const unguard = killOnExit(child);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      // The nester saves its registry and TSDB on SIGTERM; 60 s for a large fleet's data.
      await stopChild(child, 60_000);
      unguard();
      await rm(dir, { recursive: true, force: true });
    })());
  try {
    const agentUrl = await waitForAgentUrl(child, output);
    const caPem = await readFile(join(dataDir, 'pki', 'ca.crt'), 'utf8');
    // One keep-alive agent for all joins: enrolment is set-up, not what is measured.
    const agent = new Agent({ keepAlive: true, maxSockets: 8, ca: caPem });
    const enroll = async (names: readonly string[]): Promise<string[]> => {
      if (names.length === 0) return [];
      const { token } = await adminRequest<{ token: string }>(dataDir, 'POST', '/tokens', {
        ttl: '1h',
        uses: names.length,
        description: 'bench:fleet',
      });
      const out: string[] = [];
      // A few joins in flight: each one saves the registry, so more would only queue.
      for (let i = 0; i < names.length; i += 8) {
        const batch = names.slice(i, i + 8);
        out.push(...(await Promise.all(batch.map((name) => joinOne(agentUrl, agent, token, name)))));
      }
      return out;
    };
    const onlineNames = async (): Promise<Set<string>> => {
      const { harvesters } = await adminRequest<{ harvesters: HarvesterRow[] }>(
        dataDir,
        'GET',
        '/harvesters',
      );
      return new Set(harvesters.filter((h) => h.status === 'online').map((h) => h.name));
    };
    return { pid: child.pid ?? 0, agentUrl, caPem, enroll, onlineNames, output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitForAgentUrl(child: { exitCode: number | null }, output: () => string): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const m = /Harvester endpoint: (\S+)/.exec(output());
    if (m) return m[1]!;
    if (child.exitCode !== null)
      throw new Error(`cannot start the nester: it exited with ${child.exitCode}:\n${output()}`);
    await sleep(100);
  }
  throw new Error(`cannot start the nester: not ready after 60 s:\n${output()}`);
}

function joinOne(agentUrl: string, agent: Agent, token: string, name: string): Promise<string> {
  const body = JSON.stringify({ token, name, inventory: { hostname: name, os: 'linux', cpus: 4 } });
  return new Promise((resolve, reject) => {
    const req = request(
      `${agentUrl}/tunnel/v1/join`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200 && res.statusCode !== 201)
            return reject(new Error(`cannot enroll ${name}: HTTP ${res.statusCode}: ${text}`));
          resolve((JSON.parse(text) as { credential: string }).credential);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// A nester of the code under test on loopback ports the OS picks, with what the deployment tests
// need from it: its URLs, basic auth for the Prometheus API, join commands, and a query helper.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_PROXY_ENV, parseJoinCommand, runCliOk, startDaemon } from '../outage/seahawks-cli.js';
import type { Daemon, JoinCommand } from '../outage/seahawks-cli.js';

export interface LocalNester {
  readonly url: string;
  readonly agentUrl: string;
  readonly dataDir: string;
  /** The first admin's password (user `admin`). */
  readonly password: string;
  /** `Authorization` header value for the admin (basic auth, as Grafana sends it). */
  readonly authorization: string;
  readonly daemon: Daemon;
  /** `seahawks nester token create` through the admin socket, parsed. */
  joinCommand(uses?: number): Promise<JoinCommand>;
  /** An instant query; the Prometheus API's `data.result`. */
  query(
    expr: string,
    time?: number,
  ): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

export async function startLocalNester(): Promise<LocalNester> {
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-deploy-nester-'));
  const dataDir = join(dir, 'data');
  const password = randomBytes(15).toString('base64url');
  const daemon = await startDaemon(
    ['nester', 'serve', '--listen', '127.0.0.1:0', '--agent-listen', '127.0.0.1:0', '--data', dataDir],
    /Harvester endpoint: \S+/,
    { env: { SEAHAWKS_LOG_LEVEL: 'warn', SEAHAWKS_ADMIN_PASSWORD: password } },
  );
  const url = /Seahawks nester is running: (\S+)/.exec(daemon.output())![1]!;
  const agentUrl = /Harvester endpoint: (\S+)/.exec(daemon.output())![1]!;
  const authorization = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
  return {
    url,
    agentUrl,
    dataDir,
    password,
    authorization,
    daemon,
    joinCommand: async (uses = 1) =>
      parseJoinCommand(
        await runCliOk(['nester', 'token', 'create', '--data', dataDir, '--uses', String(uses)]),
      ),
    query: async (expr, time) => {
      const params = new URLSearchParams({
        query: expr,
        ...(time === undefined ? {} : { time: String(time) }),
      });
      const res = await fetch(`${url}/api/v1/query?${params.toString()}`, { headers: { authorization } });
      const body = (await res.json()) as { status: string; error?: string; data: { result: [] } };
      if (body.status !== 'success') throw new Error(`cannot query ${expr}: ${body.error}`);
      return body.data.result;
    },
    stop: async () => {
      await daemon.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A real harvester of this machine joined to `nester`, collecting every `interval`. */
export async function startLocalHarvester(
  nester: LocalNester,
  name: string,
  dataDir: string,
  interval = '1s',
): Promise<Daemon> {
  const cmd = await nester.joinCommand();
  await runCliOk(
    [
      'harvester',
      'join',
      cmd.url,
      '--token',
      cmd.token,
      '--ca-hash',
      cmd.caHash,
      '--name',
      name,
      '--data',
      dataDir,
    ],
    { env: NO_PROXY_ENV },
  );
  return startDaemon(
    ['harvester', 'run', '--config', join(dataDir, 'harvester.json'), '--interval', interval],
    /tunnel online/,
    { env: NO_PROXY_ENV },
  );
}

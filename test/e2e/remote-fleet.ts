// A nester and three harvesters as real processes for the remote-maintenance test: users made
// through the API as an admin would, harvesters joined with the CLI into team "a", one of them
// running its managed desktop (Xvfb + x11vnc) on a free display with a known colour.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freeLoopbackPort, sleep } from '../support/processes.js';
import { NO_PROXY_ENV, parseJoinCommand, runCliOk, startDaemon } from '../outage/seahawks-cli.js';
import type { Daemon } from '../outage/seahawks-cli.js';

export const ADMIN_PASSWORD = 'remote-test-admin-password';
export const USER_PASSWORD = 'remote-test-user-password';
/** The managed desktop's background, set by `xsetroot -solid` at its start. */
export const DESKTOP_COLOUR = '#2a7ab0';

export interface RemoteFleet {
  readonly url: string;
  readonly names: readonly string[];
  readonly display: number;
  readonly daemons: Daemon[];
  /** Cookie of a logged-in session of `user`. */
  login(user: string, password: string): Promise<string>;
}

/** A display (and its VNC port 5900+n) free on this machine. */
function freeDisplay(): number {
  for (let n = 71; n < 99; n++) {
    if (existsSync(`/tmp/.X${n}-lock`)) continue;
    return n;
  }
  throw new Error('cannot find a free X display between :71 and :98');
}

export interface FleetOptions {
  /** How many harvesters (h1, h2, …); default 3. */
  readonly count?: number;
  /** h1's `remote.desktop` section; default: the managed desktop on a free display. */
  readonly desktop?: (display: number) => object;
}

export async function startRemoteFleet(
  dir: string,
  daemons: Daemon[],
  opts: FleetOptions = {},
): Promise<RemoteFleet> {
  const api = await freeLoopbackPort();
  const agent = await freeLoopbackPort();
  const dataDir = join(dir, 'nester');
  daemons.push(
    await startDaemon(
      [
        'nester',
        'serve',
        '--listen',
        `127.0.0.1:${api}`,
        '--agent-listen',
        `127.0.0.1:${agent}`,
        '--data',
        dataDir,
      ],
      /Harvester endpoint: /,
      { env: { SEAHAWKS_LOG_LEVEL: 'warn', SEAHAWKS_ADMIN_PASSWORD: ADMIN_PASSWORD } },
    ),
  );
  const url = `http://127.0.0.1:${api}`;
  const login = async (user: string, password: string): Promise<string> => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password }),
    });
    if (res.status !== 200)
      throw new Error(`cannot log in as ${user}: HTTP ${res.status} ${await res.text()}`);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  const admin = {
    cookie: await login('admin', ADMIN_PASSWORD),
    'x-seahawks-csrf': '1',
    'content-type': 'application/json',
  };
  for (const [name, role] of [
    ['op', 'operator'],
    ['viewer', 'viewer'],
  ]) {
    const res = await fetch(`${url}/api/users`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name, role, teams: ['a'], password: USER_PASSWORD }),
    });
    if (res.status >= 300)
      throw new Error(`cannot create user ${name}: HTTP ${res.status} ${await res.text()}`);
  }
  const rec = await fetch(`${url}/api/remote/recording`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ team: 'a', enabled: true }),
  });
  if (rec.status !== 200)
    throw new Error(`cannot switch recording on: HTTP ${rec.status} ${await rec.text()}`);
  const display = freeDisplay();
  const names = Array.from({ length: opts.count ?? 3 }, (_, i) => `h${i + 1}`);
  for (const name of names) {
    const cmd = parseJoinCommand(
      await runCliOk(['nester', 'token', 'create', '--labels', 'team=a', '--data', dataDir]),
    );
    const hdir = join(dir, name);
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
        hdir,
      ],
      { env: NO_PROXY_ENV },
    );
    const configFile = join(hdir, 'harvester.json');
    const config = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
    config.remote = {
      terminal: { shell: '/bin/bash', idleTimeout: '10m' },
      desktop:
        name === 'h1'
          ? (opts.desktop?.(display) ?? {
              managed: {
                enabled: true,
                display,
                geometry: '800x600x24',
                startup: [['xsetroot', '-solid', DESKTOP_COLOUR]],
                idleStop: '1m',
              },
            })
          : { enabled: false },
    };
    await writeFile(configFile, JSON.stringify(config, null, 2));
    daemons.push(
      await startDaemon(['harvester', 'run', '--config', configFile], /harvester running/, {
        env: NO_PROXY_ENV,
      }),
    );
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(`${url}/api/fleet`, { headers: { cookie: admin.cookie } });
    const body = (await res.json()) as { harvesters: Array<{ name: string; online: boolean }> };
    if (names.every((n) => body.harvesters.some((h) => h.name === n && h.online))) break;
    if (Date.now() > deadline) throw new Error(`harvesters not online after 30 s: ${JSON.stringify(body)}`);
    await sleep(250);
  }
  return { url, names, display, daemons, login };
}

// bench/remote: keystroke-to-echo latency through nester + tunnel against a PTY opened directly,
// and remote-desktop throughput (full-screen Raw updates) through the tunnel against a direct
// websockify to the same x11vnc, in alternating rounds so that a busy moment of a shared machine
// does not land on one path only. Real processes, loopback only, bounded loops.
// Usage: npm run bench:remote [-- --keys 1000 --frames 60 --rounds 3 --only echo|desktop
//                                 --profile DIR]
// --profile writes V8 CPU profiles of the nester and the harvester into DIR (cpu-profile.mjs).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHelper, stopHelper, waitReady } from '../../apps/harvester/src/remote/child-process.js';
import type { Helper } from '../../apps/harvester/src/remote/child-process.js';
import type { Daemon } from '../../test/outage/seahawks-cli.js';
import { freeLoopbackPort } from '../../test/support/processes.js';
import { startRemoteFleet, USER_PASSWORD } from '../../test/e2e/remote-fleet.js';
import { median } from '../lib/report.js';
import { desktopRun } from './desktop.js';
import type { DesktopRun } from './desktop.js';
import { directEcho, tunnelEcho } from './echo.js';
import type { EchoRun } from './echo.js';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const KEYS = Number(option('keys') ?? 1000);
const FRAMES = Number(option('frames') ?? 60);
const ROUNDS = Number(option('rounds') ?? 3);
const ONLY = option('only');
const PROFILE = option('profile');

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Starts Xvfb 1024×768×24 and x11vnc on a free display; the same server serves both paths. */
async function startDesktop(helpers: Helper[]): Promise<{ display: number; vncPort: number; vnc: Helper }> {
  let display = 0;
  for (let n = 81; n < 99 && display === 0; n++) if (!existsSync(`/tmp/.X${n}-lock`)) display = n;
  if (display === 0) throw new Error('cannot find a free X display between :81 and :98');
  const vncPort = 5900 + display;
  const xvfb = startHelper('Xvfb', [
    `:${display}`,
    '-screen',
    '0',
    '1024x768x24',
    '-nolisten',
    'tcp',
    '-noreset',
  ]);
  helpers.push(xvfb);
  await waitReady(xvfb, 'socket', 10_000, () => existsSync(`/tmp/.X11-unix/X${display}`));
  const vnc = startHelper(
    'x11vnc',
    ['-display', `:${display}`, '-rfbport', String(vncPort), '-localhost', '-nopw', '-forever', '-shared'],
    { env: { ...process.env, DISPLAY: `:${display}` } },
  );
  helpers.push(vnc);
  await waitReady(vnc, 'port', 10_000, () => vnc.output().includes(`PORT=${vncPort}`));
  return { display, vncPort, vnc };
}

function echoTable(direct: EchoRun, tunnel: EchoRun): string {
  const row = (name: string, { times: xs, cpuUsPerKey }: EchoRun): string =>
    `| ${name} | ${percentile(xs, 50).toFixed(2)} | ${percentile(xs, 90).toFixed(2)} | ${percentile(xs, 99).toFixed(2)} | ${Math.max(...xs).toFixed(1)} | ${xs.length} | ${Object.entries(
      cpuUsPerKey,
    )
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ')} |`;
  return [
    '| keystroke → echo | p50 ms | p90 ms | p99 ms | max ms | keys | CPU µs per key |',
    '|---|---|---|---|---|---|---|',
    row('PTY opened directly (node-pty)', direct),
    row('browser socket → nester → tunnel → harvester PTY', tunnel),
  ].join('\n');
}

function desktopTable(direct: readonly DesktopRun[], tunnel: readonly DesktopRun[]): string {
  const fmt = (x: number): string => x.toFixed(1);
  const cpu = (runs: readonly DesktopRun[]): string =>
    Object.keys(runs[0]!.cpuMsPerFrame)
      .map((k) => `${k} ${fmt(median(runs.map((r) => r.cpuMsPerFrame[k]!)))}`)
      .join(', ');
  const row = (name: string, runs: readonly DesktopRun[]): string =>
    `| ${name} | ${fmt(median(runs.map((r) => r.fps)))} | ${fmt(median(runs.map((r) => r.mbps)))} | ${runs.map((r) => fmt(r.fps)).join(' / ')} | ${fmt(median(runs.map((r) => r.messagesPerFrame)))} | ${cpu(runs)} |`;
  const ratio = median(tunnel.map((r) => r.fps)) / median(direct.map((r) => r.fps));
  return [
    `| desktop, 1024×768×32 bpp full-screen Raw updates | frames/s (median) | MB/s | frames/s per round | WS messages per frame | CPU ms per frame |`,
    '|---|---|---|---|---|---|',
    row('direct websockify → x11vnc', direct),
    row('nester → tunnel → harvester → x11vnc', tunnel),
    `| ratio tunnel / direct | ${ratio.toFixed(2)} | | | | |`,
  ].join('\n');
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-bench-remote-'));
  if (PROFILE) {
    const out = resolve(PROFILE);
    await mkdir(out, { recursive: true });
    const hook = fileURLToPath(new URL('./cpu-profile.mjs', import.meta.url));
    // Inherited by the nester and harvester processes started below.
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import ${hook}`.trim();
    process.env.SEAHAWKS_BENCH_PROFILE_DIR = out;
  }
  const daemons: Daemon[] = [];
  const helpers: Helper[] = [];
  try {
    const { vncPort, vnc } = await startDesktop(helpers);
    const wsPort = await freeLoopbackPort();
    const wsfy = startHelper('websockify', [`127.0.0.1:${wsPort}`, `127.0.0.1:${vncPort}`]);
    helpers.push(wsfy);
    await waitReady(wsfy, 'listening', 10_000, () => /Listen|listening/i.test(wsfy.output()));
    const fleet = await startRemoteFleet(dir, daemons, {
      count: 1,
      desktop: () => ({ vnc: `127.0.0.1:${vncPort}` }),
    });
    const [nester, harvester] = daemons.map((d) => d.child.pid!);
    const cookie = await fleet.login('op', USER_PASSWORD);
    const out: string[] = [''];
    if (ONLY !== 'desktop') {
      const direct = await directEcho(KEYS);
      const tunnel = await tunnelEcho(fleet.url, cookie, KEYS, {
        nester: nester!,
        'harvester + shell': harvester!,
      });
      out.push(echoTable(direct, tunnel), '');
    }
    if (ONLY !== 'echo') {
      const direct: DesktopRun[] = [];
      const tunnel: DesktopRun[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        direct.push(
          await desktopRun(`ws://127.0.0.1:${wsPort}/`, {}, FRAMES, {
            x11vnc: vnc.child.pid!,
            websockify: wsfy.child.pid!,
          }),
        );
        tunnel.push(
          await desktopRun(
            `${fleet.url.replace('http', 'ws')}/api/remote/desktop/h1`,
            { cookie, origin: fleet.url },
            FRAMES,
            { x11vnc: vnc.child.pid!, harvester: harvester!, nester: nester! },
          ),
        );
      }
      out.push(desktopTable(direct, tunnel), '');
    }
    process.stdout.write(out.join('\n'));
  } finally {
    await Promise.all(daemons.map((d) => d.stop()));
    for (const h of helpers.reverse()) await stopHelper(h);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

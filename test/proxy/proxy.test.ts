// SPEC §2 "Tunnel ... through HTTPS_PROXY (CONNECT) when set", with the direct route really
// blocked: the harvester runs in a network namespace whose only way to the nester is a real
// tinyproxy (see netns.ts for the topology). The same `harvester join` fails without the proxy
// and succeeds with HTTPS_PROXY; then `harvester run` shows Online and its samples arrive, and
// tinyproxy's log shows the CONNECTs. Namespaces, proxy and processes go in `after`, even on failure.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { sleep } from '../support/processes.js';
import {
  harvesterStatuses,
  NO_PROXY_ENV,
  parseJoinCommand,
  runCli,
  runCliOk,
  startDaemon,
} from '../outage/seahawks-cli.js';
import type { Daemon } from '../outage/seahawks-cli.js';
import {
  createNamespacePair,
  HARVESTER_SIDE_ADDRESS,
  PROXY_SIDE_ADDRESS,
  requireProgram,
  routesOf,
} from './netns.js';
import type { NamespacePair } from './netns.js';
import { startTinyproxy } from './tinyproxy.js';
import type { RunningProxy } from './tinyproxy.js';

const PASSWORD = 'proxy-test-admin-password';
const PROXY_PORT = 3128;

describe('harvester behind an HTTP CONNECT proxy, no direct route to the nester', () => {
  let dir: string;
  let ns: NamespacePair | undefined;
  let proxy: RunningProxy | undefined;
  const daemons: Daemon[] = [];

  before(async () => {
    requireProgram('ip', 'iproute2');
    requireProgram('tinyproxy', 'tinyproxy-bin (or tinyproxy)');
    dir = await mkdtemp(join(tmpdir(), 'seahawks-proxy-'));
    ns = await createNamespacePair(`px${process.pid}`);
  });
  after(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    await proxy?.stop();
    await ns?.remove();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('joins and ships through tinyproxy, and fails to join without it', { timeout: 180_000 }, async (t) => {
    const pair = ns!;
    const nesterDir = join(dir, 'nester');
    const nester = await startDaemon(
      ['nester', 'serve', '--listen', '127.0.0.1:0', '--agent-listen', '127.0.0.1:0', '--data', nesterDir],
      /Harvester endpoint: /,
      {
        prefix: pair.exec(pair.nesterSide),
        env: { SEAHAWKS_LOG_LEVEL: 'warn', SEAHAWKS_ADMIN_PASSWORD: PASSWORD },
      },
    );
    daemons.push(nester);
    const apiUrl = /Seahawks nester is running: (\S+)/.exec(nester.output())![1]!;
    // The admin socket is a file: the CLI reaches it from the host's namespace.
    const cmd = parseJoinCommand(await runCliOk(['nester', 'token', 'create', '--data', nesterDir]));
    const agentPort = Number(new URL(cmd.url).port);
    proxy = await startTinyproxy({
      prefix: pair.exec(pair.nesterSide),
      listen: PROXY_SIDE_ADDRESS,
      port: PROXY_PORT,
      allow: HARVESTER_SIDE_ADDRESS,
      connectPort: agentPort,
      dir,
    });

    const routes = await routesOf(pair.harvesterSide);
    t.diagnostic(`harvester namespace routes: ${routes.join(' | ')}`);
    assert.equal(routes.length, 1, 'one route: the link to the proxy, no default route');
    assert.match(routes[0]!, /^10\.200\.0\.0\/30 dev \S+ proto kernel scope link src 10\.200\.0\.2/);

    // Raw TCP from the harvester's namespace: the proxy answers, the nester's port does not,
    // neither at the address the join command names nor at the proxy side's address.
    const from = pair.exec(pair.harvesterSide);
    assert.equal(await tcpProbe(from, PROXY_SIDE_ADDRESS, PROXY_PORT), 'connected', 'the probe works');
    assert.equal(await tcpProbe(from, '127.0.0.1', agentPort), 'ECONNREFUSED');
    assert.equal(await tcpProbe(from, PROXY_SIDE_ADDRESS, agentPort), 'ECONNREFUSED');

    const inHarvester = { prefix: from };
    const hDir = join(dir, 'h1');
    const joinArgs = ['harvester', 'join', cmd.url, '--token', cmd.token, '--ca-hash', cmd.caHash];
    const direct = await runCli([...joinArgs, '--name', 'h1', '--data', hDir], {
      ...inHarvester,
      env: NO_PROXY_ENV,
    });
    t.diagnostic(`direct join: exit ${direct.code}: ${direct.stderr.trim()}`);
    assert.notEqual(direct.code, 0, 'the direct join must fail');
    assert.match(direct.stderr, /ECONNREFUSED|ENETUNREACH|EHOSTUNREACH/);
    assert.doesNotMatch(await proxy.log(), /: CONNECT /, 'the direct attempt did not use the proxy');

    const viaProxy = { ...inHarvester, env: { ...NO_PROXY_ENV, HTTPS_PROXY: proxy.url } };
    const joined = await runCliOk([...joinArgs, '--name', 'h1', '--data', hDir], viaProxy);
    assert.match(joined, /This machine joined https:\/\/127\.0\.0\.1:\d+ as "h1"/);

    const harvester = await startDaemon(
      ['harvester', 'run', '--config', join(hDir, 'harvester.json'), '--interval', '1s'],
      /harvester running/,
      viaProxy,
    );
    daemons.push(harvester);
    assert.match(harvester.output(), new RegExp(`"proxy":"${proxy.url.replace(/\./g, '\\.')}"`));
    await waitFor(
      'h1 Online',
      30_000,
      async () => (await harvesterStatuses(nesterDir)).get('h1') === 'online',
    );
    const samples = await waitFor('samples from h1', 30_000, async () => {
      const n = await countSamples(pair.exec(pair.nesterSide), apiUrl);
      return n >= 3 ? n : undefined;
    });
    t.diagnostic(`h1 Online through ${proxy.url}; ${samples} collections stored`);

    const log = await proxy.log();
    const connects = log.split('\n').filter((l) => l.includes(`: CONNECT 127.0.0.1:${agentPort} `));
    t.diagnostic(`tinyproxy CONNECTs to the nester: ${connects.length}`);
    // Two for the join (CA, then join), at least two for the run (control WebSocket, metrics).
    assert.ok(connects.length >= 4, `CONNECTs through tinyproxy:\n${log}`);
  });
});

/** How many samples of h1's loadavg success series the nester holds, asked from inside `prefix`'s namespace. */
async function countSamples(prefix: readonly string[], apiUrl: string): Promise<number> {
  const query = 'count_over_time(node_scrape_collector_success{collector="loadavg",instance="h1"}[10m])';
  const url = `${apiUrl}/api/v1/query?query=${encodeURIComponent(query)}`;
  const auth = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
  // The nester's API is on its namespace's loopback: a node one-liner asks from in there.
  const script =
    'const r = await fetch(process.argv[1], { headers: { authorization: process.argv[2] } });' +
    'process.stdout.write(await r.text()); if (!r.ok) process.exitCode = 1;';
  const stdout = await inNamespace(prefix, ['--input-type=module', '-e', script, url, auth]);
  const body = JSON.parse(stdout) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}

/** Dials `host:port` from inside `prefix`'s namespace: `connected`, or the error code. */
async function tcpProbe(prefix: readonly string[], host: string, port: number): Promise<string> {
  const script =
    "const s = require('node:net').connect(Number(process.argv[2]), process.argv[1]);" +
    "s.setTimeout(5000, () => s.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));" +
    "s.on('connect', () => { process.stdout.write('connected'); s.destroy(); });" +
    "s.on('error', (e) => process.stdout.write(e.code ?? e.message));";
  return (await inNamespace(prefix, ['-e', script, host, String(port)])).trim();
}

/** Runs node with `args` inside `prefix`'s namespace and returns its stdout. */
async function inNamespace(prefix: readonly string[], args: readonly string[]): Promise<string> {
  const [cmd, ...pre] = [...prefix, process.execPath];
  return (await promisify(execFile)(cmd, [...pre, ...args], { timeout: 30_000 })).stdout;
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(500);
  }
}

// An in-process tunnel for tests: the nester's agent app with TLS on 127.0.0.1 (port chosen by
// the system) and its TunnelHub, plus harvester tunnel clients pinned to its CA.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { createTransport, createTunnelClient } from '../../apps/harvester/src/tunnel/index.js';
import type {
  TunnelClient,
  TunnelClientOptions,
  TunnelState,
} from '../../apps/harvester/src/tunnel/index.js';
import { buildAgentApp } from '../../apps/nester/src/app.js';
import { loadOrCreatePki } from '../../apps/nester/src/fleet/pki.js';
import type { Pki } from '../../apps/nester/src/fleet/pki.js';
import { TunnelHub } from '../../apps/nester/src/fleet/tunnel-hub.js';
import type { TunnelHubOptions } from '../../apps/nester/src/fleet/tunnel-hub.js';
import { startTestNester } from '../../apps/nester/src/testing/test-app.js';
import type { TestNester } from '../../apps/nester/src/testing/test-app.js';

/** A client and what it went through, for assertions. */
export interface ClientProbe {
  readonly client: TunnelClient;
  readonly states: Array<{ state: TunnelState; detail: string | undefined; at: number }>;
  readonly logs: Array<{ level: string; message: string }>;
}

export interface TunnelFixture {
  readonly nester: TestNester;
  readonly pki: Pki;
  readonly hub: TunnelHub;
  readonly app: FastifyInstance;
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  readonly dir: string;
  /** Enrolls a harvester and returns its credential. */
  enroll(name: string): Promise<string>;
  /** Starts a tunnel client pinned to the nester's CA (or `caPem`), with a fast backoff. */
  client(
    credential: string,
    over?: Partial<TunnelClientOptions> & { caPem?: string; nester?: string; verifyServerName?: boolean },
  ): ClientProbe;
  /** A raw control WebSocket with `credential`, for hostile or abrupt peers. */
  raw(credential: string | undefined, path?: string): WebSocket;
  close(): Promise<void>;
}

export async function startTunnelFixture(
  hubOptions: Partial<TunnelHubOptions> = {},
  serverNames = ['localhost', '127.0.0.1'],
): Promise<TunnelFixture> {
  const nester = await startTestNester();
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-tunnel-'));
  const pki = await loadOrCreatePki(join(dir, 'pki'), serverNames);
  const hub = new TunnelHub({ fleet: nester.deps.fleet, logger: nester.deps.logger, ...hubOptions });
  const app = await buildAgentApp(nester.deps, { pki, hub });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `https://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const probes: ClientProbe[] = [];
  const raws: WebSocket[] = [];
  return {
    nester,
    pki,
    hub,
    app,
    url,
    dir,
    enroll: (name) => nester.deps.fleet.enroll(name, {}, Date.now()),
    client: (credential, over = {}) => {
      const states: ClientProbe['states'] = [];
      const logs: ClientProbe['logs'] = [];
      const transport = createTransport({
        caPem: over.caPem ?? pki.caPem,
        caSource: 'the test CA',
        proxy: undefined,
        verifyServerName: over.verifyServerName ?? false,
        onNameTolerated: (host, reason) =>
          logs.push({ level: 'warn', message: `tolerated ${host}: ${reason}` }),
      });
      const client = createTunnelClient({
        nester: over.nester ?? url,
        credential,
        transport,
        inventory: () => Promise.resolve({ hostname: 'test-host', cpus: 2 }),
        logger: (level, message) => logs.push({ level, message }),
        backoff: { initialMs: 50, maxMs: 400, factor: 2, jitter: 0 },
        onStateChange: (state, detail) => states.push({ state, detail, at: Date.now() }),
        ...over,
      });
      const probe = { client, states, logs };
      probes.push(probe);
      client.start();
      return probe;
    },
    raw: (credential, path = '/tunnel/v1/control') => {
      const ws = new WebSocket(`${url.replace('https', 'wss')}${path}`, {
        ca: pki.caPem,
        headers: credential ? { authorization: `Bearer ${credential}` } : {},
      });
      ws.on('error', () => undefined); // tests watch 'close' and 'unexpected-response'
      raws.push(ws);
      return ws;
    },
    close: async () => {
      await Promise.all(probes.map((p) => p.client.stop()));
      for (const ws of raws) ws.terminate();
      await hub.close();
      await app.close();
      await nester.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 20 ms until it returns something truthy, or fails after `ms`. */
export async function waitFor<T>(what: string, ms: number, check: () => T | undefined | false): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves with the close code and reason of `ws`. */
export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

/** Resolves with the HTTP status a refused upgrade got. */
export function refusalOf(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
  });
}

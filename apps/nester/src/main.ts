import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { parseDuration } from '@seahawks/model';
import { ApiTokenStore } from './auth/api-tokens.js';
import { SessionStore } from './auth/sessions.js';
import { UserStore } from './auth/users.js';
import type { NesterConfig } from './config/index.js';
import { startAdminSocket } from './fleet/admin-socket.js';
import { JoinTokenStore } from './fleet/join-tokens.js';
import { startLocalHarvester } from './fleet/local-harvester.js';
import type { LocalHarvester } from './fleet/local-harvester.js';
import { defaultServerNames, loadOrCreatePki } from './fleet/pki.js';
import { FleetRegistry } from './fleet/registry.js';
import { TunnelHub } from './fleet/tunnel-hub.js';
import { openRemote } from './remote/open-remote.js';
import { AlertingService } from './alerting/alerting-service.js';
import { teamOf } from './auth/access.js';
import { buildAgentApp, buildApp } from './app.js';
import { createPromQueryService } from './api/prom-query-service.js';
import { renderSelfMetrics } from './self-metrics.js';
import { JsonFile } from './state/json-file.js';
import { openStorage } from './storage-factory.js';

export interface RunningNester {
  /** Base URL of the UI and API, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Base URL of the harvester endpoint (HTTPS), as reached from this machine. */
  readonly agentUrl: string;
  /** `sha256:<hex>` of the CA harvesters pin. */
  readonly caHash: string;
  stop(): Promise<void>;
}

/**
 * Wiring only: starts the subsystems in order (store, state, HTTP listeners, local harvester)
 * and returns a handle that stops them in reverse. This is the one place an engine is chosen.
 */
export async function startNester(
  config: NesterConfig,
  clock: () => number = Date.now,
): Promise<RunningNester> {
  const logger = pino({ level: config.log.level, base: { service: 'nester' } });
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const storage = await openStorage(config, clock, logger);
  const stops: Array<() => Promise<unknown>> = [() => storage.close()];
  try {
    const users = await UserStore.open(new JsonFile(join(config.dataDir, 'users.json')));
    const sessions = await SessionStore.open(
      new JsonFile(join(config.dataDir, 'sessions.json')),
      parseDuration(config.auth.sessionTtl),
      parseDuration(config.auth.sessionIdleTimeout),
    );
    const fleet = await FleetRegistry.open(new JsonFile(join(config.dataDir, 'fleet.json')));
    const apiTokens = await ApiTokenStore.open(new JsonFile(join(config.dataDir, 'api-tokens.json')));
    const flushTimer = setInterval(() => {
      fleet.flush().catch((err: unknown) => logger.error({ err }, 'cannot save the fleet registry'));
      apiTokens.flush().catch((err: unknown) => logger.error({ err }, 'cannot save the API tokens'));
      sessions.flush(clock()).catch((err: unknown) => logger.error({ err }, 'cannot save the sessions'));
    }, 5000);
    stops.push(async () => {
      clearInterval(flushTimer);
      await fleet.flush(true);
      await apiTokens.flush();
      await sessions.flush(clock());
    });
    const offlineAfterMs = parseDuration(config.fleet.offlineAfter);
    const pki = await loadOrCreatePki(
      join(config.dataDir, 'pki'),
      config.tunnel.serverNames ?? defaultServerNames(),
      config.tunnel.tls,
    );
    const joinTokens = await JoinTokenStore.open(new JsonFile(join(config.dataDir, 'join-tokens.json')));
    const hub = new TunnelHub({ fleet, logger, clock });
    const alerting = config.alerting.enabled
      ? await AlertingService.open({
          config,
          querier: storage.querier,
          appender: storage.appender,
          clock,
          logger,
          harvesters: () =>
            fleet.list().map((h) => ({ name: h.name, online: hub.isOnline(h.name), team: teamOf(h.labels) })),
        })
      : undefined;
    let tunnelUrl = '';
    // Registry first: the credential is dead before the tunnel is told, so it cannot reconnect.
    const revokeHarvester = async (name: string): Promise<boolean> => {
      if (!(await fleet.revoke(name, clock()))) return false;
      await hub.revoke(name);
      return true;
    };
    const deps = {
      config,
      clock,
      logger,
      appender: storage.appender,
      querier: storage.querier,
      storageAdmin: storage,
      query: createPromQueryService(storage.querier, config.query),
      users,
      sessions,
      apiTokens,
      fleet,
      presence: hub,
      selfMetrics: () =>
        renderSelfMetrics(storage, fleet, clock(), offlineAfterMs, hub) + (alerting?.metrics.render() ?? ''),
      alerting,
      // The web UI's enrollment page gets what the admin socket gets.
      enrollment: { joinTokens, tunnelUrl: () => tunnelUrl, caHash: () => pki.caHash, revokeHarvester },
    };
    const generated = await users.ensureFirstAdmin(config.auth.initialAdminPassword, clock());
    const remote = await openRemote(config.dataDir, hub, fleet, clock, logger);
    stops.push(() => remote.close());
    const app = await buildApp(deps, remote);
    const url = await listen(app, config.listen, stops);
    if (alerting) {
      alerting.start(url);
      stops.push(() => alerting.close());
    }
    const agentApp = await buildAgentApp(deps, { pki, hub, joinTokens });
    const agentUrl = await listen(agentApp, config.agentListen, stops, 'https');
    tunnelUrl = advertisedUrl(config, agentUrl);
    // Stops run in reverse: the hub says goodbye to every harvester before the listener closes.
    stops.push(() => hub.close());
    const admin = await startAdminSocket({
      dataDir: config.dataDir,
      logger,
      joinTokens,
      fleet,
      clock,
      onlineNames: () => new Set(hub.online()),
      tunnelUrl,
      caHash: () => pki.caHash,
      revokeHarvester,
    });
    stops.push(() => admin.close());
    let local: LocalHarvester | undefined;
    if (config.localHarvester.enabled) {
      local = await startLocalHarvester({
        dataDir: config.dataDir,
        agentUrl,
        caFile: config.tunnel.tls?.caFile ?? join(config.dataDir, 'pki', 'ca.crt'),
        interval: config.localHarvester.interval,
        fleet,
        logger,
        now: clock(),
      });
      stops.push(() => local!.stop());
    }
    announce(url, agentUrl, pki.caHash, generated);
    return { url, agentUrl, caHash: pki.caHash, stop: () => stopAll(stops) };
  } catch (err) {
    await stopAll(stops);
    throw err;
  }
}

async function listen(
  app: FastifyInstance,
  where: { host: string; port: number },
  stops: Array<() => Promise<unknown>>,
  scheme: 'http' | 'https' = 'http',
): Promise<string> {
  await app.listen({ host: where.host, port: where.port });
  stops.push(() => app.close());
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : where.port;
  const host = where.host === '0.0.0.0' || where.host === '::' ? '127.0.0.1' : where.host;
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The harvester endpoint as other machines reach it, for join commands: the first configured
 * server name, else this machine's hostname when listening on every address.
 */
function advertisedUrl(config: NesterConfig, agentUrl: string): string {
  const { host } = config.agentListen;
  if (host !== '0.0.0.0' && host !== '::') return agentUrl;
  const name = config.tunnel.serverNames?.[0] ?? hostname();
  const url = new URL(agentUrl);
  url.hostname = name.includes(':') ? `[${name}]` : name;
  return url.origin;
}

async function stopAll(stops: Array<() => Promise<unknown>>): Promise<void> {
  for (const stop of stops.reverse()) await stop();
}

/** The lines an operator reads first; the generated password appears here once and nowhere else. */
function announce(
  url: string,
  agentUrl: string,
  caHash: string,
  generatedPassword: string | undefined,
): void {
  const out = [
    `Seahawks nester is running: ${url}`,
    `Harvester endpoint: ${agentUrl}`,
    `CA hash: ${caHash} (join machines with: seahawks nester token create)`,
  ];
  if (generatedPassword !== undefined) {
    out.push(
      'First start: an admin account was created. Log in once with',
      `  user:     admin`,
      `  password: ${generatedPassword}`,
      'This password is shown only now.',
    );
  } else {
    out.push('Log in with your existing account.');
  }
  process.stdout.write(`\n${out.join('\n')}\n\n`);
}

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { parseDuration } from '@seahawks/model';
import { ApiTokenStore } from './auth/api-tokens.js';
import { SessionStore } from './auth/sessions.js';
import { UserStore } from './auth/users.js';
import type { NesterConfig } from './config/index.js';
import { startLocalHarvester } from './fleet/local-harvester.js';
import type { LocalHarvester } from './fleet/local-harvester.js';
import { FleetRegistry } from './fleet/registry.js';
import { buildAgentApp, buildApp } from './app.js';
import { createPromQueryService } from './api/prom-query-service.js';
import { renderSelfMetrics } from './self-metrics.js';
import { JsonFile } from './state/json-file.js';
import { openEmbeddedStorage } from './tsdb/embedded/open-embedded.js';

export interface RunningNester {
  /** Base URL of the UI and API, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Base URL of the harvester endpoint. */
  readonly agentUrl: string;
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
  const storage = await openEmbeddedStorage({
    dir: join(config.dataDir, 'tsdb'),
    clock,
    logger,
    outOfOrderWindowMs: parseDuration(config.storage.outOfOrderWindow),
    retentionMs: parseDuration(config.storage.retention),
  });
  const stops: Array<() => Promise<unknown>> = [() => storage.close()];
  try {
    const users = await UserStore.open(new JsonFile(join(config.dataDir, 'users.json')));
    const sessions = await SessionStore.open(
      new JsonFile(join(config.dataDir, 'sessions.json')),
      parseDuration(config.auth.sessionTtl),
    );
    const fleet = await FleetRegistry.open(new JsonFile(join(config.dataDir, 'fleet.json')));
    const apiTokens = await ApiTokenStore.open(new JsonFile(join(config.dataDir, 'api-tokens.json')));
    const flushTimer = setInterval(() => {
      fleet.flush().catch((err: unknown) => logger.error({ err }, 'cannot save the fleet registry'));
      apiTokens.flush().catch((err: unknown) => logger.error({ err }, 'cannot save the API tokens'));
    }, 5000);
    stops.push(async () => {
      clearInterval(flushTimer);
      await fleet.flush(true);
      await apiTokens.flush();
    });
    const offlineAfterMs = parseDuration(config.fleet.offlineAfter);
    const deps = {
      config,
      clock,
      logger,
      appender: storage.appender,
      querier: storage.querier,
      query: createPromQueryService(storage.querier, config.query),
      users,
      sessions,
      apiTokens,
      fleet,
      selfMetrics: () => renderSelfMetrics(storage, fleet, clock(), offlineAfterMs),
    };
    const generated = await users.ensureFirstAdmin(config.auth.initialAdminPassword, clock());
    const app = await buildApp(deps);
    const url = await listen(app, config.listen, stops);
    const agentApp = await buildAgentApp(deps);
    const agentUrl = await listen(agentApp, config.agentListen, stops);
    let local: LocalHarvester | undefined;
    if (config.localHarvester.enabled) {
      local = await startLocalHarvester({
        dataDir: config.dataDir,
        agentUrl,
        interval: config.localHarvester.interval,
        fleet,
        logger,
        now: clock(),
      });
      stops.push(() => local!.stop());
    }
    announce(url, agentUrl, generated);
    return { url, agentUrl, stop: () => stopAll(stops) };
  } catch (err) {
    await stopAll(stops);
    throw err;
  }
}

async function listen(
  app: FastifyInstance,
  where: { host: string; port: number },
  stops: Array<() => Promise<unknown>>,
): Promise<string> {
  await app.listen({ host: where.host, port: where.port });
  stops.push(() => app.close());
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : where.port;
  const host = where.host === '0.0.0.0' || where.host === '::' ? '127.0.0.1' : where.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function stopAll(stops: Array<() => Promise<unknown>>): Promise<void> {
  for (const stop of stops.reverse()) await stop();
}

/** The lines an operator reads first; the generated password appears here once and nowhere else. */
function announce(url: string, agentUrl: string, generatedPassword: string | undefined): void {
  const out = [`Seahawks nester is running: ${url}`, `Harvester endpoint: ${agentUrl}`];
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

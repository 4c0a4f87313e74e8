import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createPromQueryService } from '../api/prom-query-service.js';
import type { AppDeps } from '../api/deps.js';
import { buildAgentApp, buildApp } from '../app.js';
import { ApiTokenStore } from '../auth/api-tokens.js';
import { SessionStore } from '../auth/sessions.js';
import { UserStore } from '../auth/users.js';
import { validateNesterConfig } from '../config/index.js';
import { FleetRegistry } from '../fleet/registry.js';
import { renderSelfMetrics } from '../self-metrics.js';
import { JsonFile } from '../state/json-file.js';
import { openEmbeddedStorage } from '../tsdb/embedded/index.js';

export const TEST_ADMIN_PASSWORD = 'correct horse battery staple';

export interface TestNester {
  readonly app: FastifyInstance;
  readonly agentApp: FastifyInstance;
  readonly deps: AppDeps;
  /** Cookie header of a logged-in admin session. */
  readonly adminCookie: string;
  close(): Promise<void>;
}

/**
 * A whole nester in-process, on a real embedded store in a temporary directory, for tests that
 * go through HTTP with `app.inject()` (no port). `clock` defaults to the real time.
 */
export async function startTestNester(clock: () => number = Date.now): Promise<TestNester> {
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-nester-test-'));
  const config = validateNesterConfig({ dataDir: dir, webRoot: join(dir, 'no-web') }, 'test');
  const logger = pino({ level: 'silent' });
  const storage = await openEmbeddedStorage({ dir: join(dir, 'tsdb'), clock, logger });
  const users = await UserStore.open(new JsonFile(join(dir, 'users.json')));
  await users.ensureFirstAdmin(TEST_ADMIN_PASSWORD, clock());
  const sessions = await SessionStore.open(new JsonFile(join(dir, 'sessions.json')), 3_600_000);
  const fleet = await FleetRegistry.open(new JsonFile(join(dir, 'fleet.json')));
  const apiTokens = await ApiTokenStore.open(new JsonFile(join(dir, 'api-tokens.json')));
  const deps: AppDeps = {
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
    selfMetrics: () => renderSelfMetrics(storage, fleet, clock(), 30_000),
  };
  const app = await buildApp(deps);
  const agentApp = await buildAgentApp(deps);
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
  });
  const adminCookie = String(login.headers['set-cookie']).split(';')[0]!;
  return {
    app,
    agentApp,
    deps,
    adminCookie,
    close: async () => {
      await app.close();
      await agentApp.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

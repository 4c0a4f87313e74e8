import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { AlertingService } from '../alerting/alerting-service.js';
import { createPromQueryService } from '../api/prom-query-service.js';
import type { AppDeps } from '../api/deps.js';
import { buildAgentApp, buildApp } from '../app.js';
import { ApiTokenStore } from '../auth/api-tokens.js';
import { SessionStore } from '../auth/sessions.js';
import { UserStore } from '../auth/users.js';
import { validateNesterConfig } from '../config/index.js';
import { JoinTokenStore } from '../fleet/join-tokens.js';
import { FleetRegistry } from '../fleet/registry.js';
import { renderSelfMetrics } from '../self-metrics.js';
import { JsonFile } from '../state/json-file.js';
import { openEmbeddedStorage } from '../tsdb/embedded/index.js';

export const TEST_ADMIN_PASSWORD = 'correct horse battery staple';
/** The harvester endpoint and CA hash the test nester's join commands name. */
export const TEST_TUNNEL_URL = 'https://nester.test:5000';
export const TEST_CA_HASH = `sha256:${'ab'.repeat(32)}`;

export interface TestNester {
  readonly app: FastifyInstance;
  readonly agentApp: FastifyInstance;
  readonly deps: AppDeps;
  /** Cookie header of a logged-in admin session. */
  readonly adminCookie: string;
  close(): Promise<void>;
}

export interface TestNesterOptions {
  /**
   * The `alerting` config section: with it, the nester runs the alerting subsystem (not started:
   * the test calls `deps.alerting.tick()` after moving its clock).
   */
  readonly alerting?: Record<string, unknown>;
}

/**
 * A whole nester in-process, on a real embedded store in a temporary directory, for tests that
 * go through HTTP with `app.inject()` (no port). `clock` defaults to the real time.
 */
export async function startTestNester(
  clock: () => number = Date.now,
  options: TestNesterOptions = {},
): Promise<TestNester> {
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-nester-test-'));
  const config = validateNesterConfig(
    {
      dataDir: dir,
      webRoot: join(dir, 'no-web'),
      ...(options.alerting ? { alerting: options.alerting } : { alerting: { enabled: false } }),
    },
    'test',
  );
  const logger = pino({ level: 'silent' });
  const storage = await openEmbeddedStorage({ dir: join(dir, 'tsdb'), clock, logger });
  const users = await UserStore.open(new JsonFile(join(dir, 'users.json')));
  await users.ensureFirstAdmin(TEST_ADMIN_PASSWORD, clock());
  const sessions = await SessionStore.open(new JsonFile(join(dir, 'sessions.json')), 3_600_000);
  const fleet = await FleetRegistry.open(new JsonFile(join(dir, 'fleet.json')));
  const apiTokens = await ApiTokenStore.open(new JsonFile(join(dir, 'api-tokens.json')));
  const joinTokens = await JoinTokenStore.open(new JsonFile(join(dir, 'join-tokens.json')));
  const alerting = config.alerting.enabled
    ? await AlertingService.open({
        config,
        querier: storage.querier,
        appender: storage.appender,
        clock,
        logger,
        harvesters: () => fleet.list().map((h) => ({ name: h.name, online: false, team: h.labels.team })),
      })
    : undefined;
  const deps: AppDeps = {
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
    selfMetrics: () =>
      renderSelfMetrics(storage, fleet, clock(), 30_000) + (alerting?.metrics.render() ?? ''),
    alerting,
    enrollment: {
      joinTokens,
      tunnelUrl: () => TEST_TUNNEL_URL,
      caHash: () => TEST_CA_HASH,
      revokeHarvester: (name) => fleet.revoke(name, clock()),
    },
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
      await alerting?.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

import type { FastifyInstance } from 'fastify';
import { availableParallelism, hostname } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import type { AppDeps } from './deps.js';
import { sendPromData } from './envelope.js';

/**
 * The Prometheus release whose HTTP API and PromQL semantics the nester answers with, reported
 * as `version` by `/api/v1/status/buildinfo` (docs/decisions/0003-prometheus-api-version.md).
 * Grafana reads `version` only as a semantic version of Prometheus: it never sees `features`
 * here, so it classifies the nester as Prometheus (not Mimir) with the ruler API off.
 */
export const PROMETHEUS_API_VERSION = '3.0.0';

/**
 * `/api/v1/status/buildinfo`, `/config`, `/flags` and `/runtimeinfo`, in Prometheus' shapes.
 * `nesterVersion` is reported beside the Prometheus-compatible `version`, as `applicationVersion`.
 */
export function registerPromStatusRoutes(app: FastifyInstance, deps: AppDeps, nesterVersion: string): void {
  const startTime = new Date(deps.clock()).toISOString();
  const { config } = deps;
  app.get('/api/v1/status/buildinfo', (_req, reply) =>
    sendPromData(reply, {
      version: PROMETHEUS_API_VERSION,
      revision: '',
      branch: '',
      buildUser: '',
      buildDate: '',
      goVersion: `node ${process.version}`,
      application: 'Seahawks nester',
      applicationVersion: nesterVersion,
    }),
  );
  app.get('/api/v1/status/config', (_req, reply) =>
    sendPromData(reply, {
      yaml: [
        `# Seahawks nester ${nesterVersion}: metrics arrive by remote_write; nothing is scraped.`,
        'global: {}',
        'storage:',
        '  tsdb:',
        `    out_of_order_time_window: ${config.storage.outOfOrderWindow}`,
        '',
      ].join('\n'),
    }),
  );
  // The nester's settings that have a Prometheus flag of the same meaning, under that flag's name.
  const flags: Record<string, string> = {
    'query.lookback-delta': config.query.lookbackDelta,
    'query.max-samples': String(config.query.maxSamples),
    'query.timeout': config.query.timeout,
    'storage.tsdb.retention.time': config.storage.retention,
    'web.enable-remote-write-receiver': 'true',
    'web.listen-address': `${config.listen.host}:${config.listen.port}`,
  };
  app.get('/api/v1/status/flags', (_req, reply) => sendPromData(reply, flags));
  app.get('/api/v1/status/runtimeinfo', (_req, reply) =>
    sendPromData(reply, {
      startTime,
      CWD: process.cwd(),
      hostname: hostname(),
      serverTime: new Date(deps.clock()).toISOString(),
      reloadConfigSuccess: true,
      lastConfigTime: startTime,
      corruptionCount: 0,
      // Node has no goroutines: the count of active handles and requests is the nearest thing.
      goroutineCount: process.getActiveResourcesInfo().length,
      GOMAXPROCS: availableParallelism(),
      GOMEMLIMIT: getHeapStatistics().heap_size_limit,
      GOGC: '',
      GODEBUG: '',
      storageRetention: config.storage.retention,
    }),
  );
}

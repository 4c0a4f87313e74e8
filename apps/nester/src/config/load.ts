import { readFile } from 'node:fs/promises';
import { InvalidInputError, parseDuration } from '@seahawks/model';
import { TrustedProxies } from '../auth/client-address.js';
import type { NesterConfig } from './schema.js';
import { nesterConfigSchema } from './schema.js';

/** Overrides given on the command line; they win over the environment, which wins over the file. */
export interface ConfigOverrides {
  listen?: string;
  agentListen?: string;
  dataDir?: string;
  localHarvester?: boolean;
  logLevel?: string;
}

/**
 * Loads the configuration: defaults < JSON file < SEAHAWKS_* environment < flags.
 * This is the only place that reads `process.env`. Throws `InvalidInputError` naming the bad field.
 */
export async function loadNesterConfig(
  file: string | undefined,
  overrides: ConfigOverrides,
  env: NodeJS.ProcessEnv = process.env,
): Promise<NesterConfig> {
  const raw: Record<string, unknown> = file ? await readJson(file) : {};
  const listen = overrides.listen ?? env.SEAHAWKS_LISTEN;
  if (listen) raw.listen = parseHostPort(listen, 'listen');
  const agentListen = overrides.agentListen ?? env.SEAHAWKS_AGENT_LISTEN;
  if (agentListen) raw.agentListen = parseHostPort(agentListen, 'agent-listen');
  const dataDir = overrides.dataDir ?? env.SEAHAWKS_DATA_DIR;
  if (dataDir) raw.dataDir = dataDir;
  if (env.SEAHAWKS_WEB_ROOT) raw.webRoot = env.SEAHAWKS_WEB_ROOT;
  applyStorageEnv(raw, env);
  if (env.SEAHAWKS_ADMIN_PASSWORD) {
    raw.auth = { ...(raw.auth as object | undefined), initialAdminPassword: env.SEAHAWKS_ADMIN_PASSWORD };
  }
  if (overrides.localHarvester) {
    raw.localHarvester = { ...(raw.localHarvester as object | undefined), enabled: true };
  }
  const level = overrides.logLevel ?? env.SEAHAWKS_LOG_LEVEL;
  if (level) raw.log = { level };
  return validateNesterConfig(raw, file ?? 'defaults');
}

/**
 * `SEAHAWKS_STORAGE_ENGINE` and `SEAHAWKS_POSTGRES_URL` (kept out of config files, as it may
 * hold a password) over the file's `storage.engine` and `storage.postgres.url`.
 */
function applyStorageEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const engine = env.SEAHAWKS_STORAGE_ENGINE;
  const url = env.SEAHAWKS_POSTGRES_URL;
  if (!engine && !url) return;
  const storage = { ...(raw.storage as Record<string, unknown> | undefined) };
  if (engine) storage.engine = engine;
  if (url) storage.postgres = { ...(storage.postgres as object | undefined), url };
  raw.storage = storage;
}

export function validateNesterConfig(raw: unknown, source: string): NesterConfig {
  const parsed = nesterConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new InvalidInputError(`cannot load config ${source}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const config = parsed.data;
  for (const [field, text] of [
    ['storage.retention', config.storage.retention],
    ['storage.outOfOrderWindow', config.storage.outOfOrderWindow],
    ['query.lookbackDelta', config.query.lookbackDelta],
    ['query.timeout', config.query.timeout],
    ['auth.sessionTtl', config.auth.sessionTtl],
    ['auth.sessionIdleTimeout', config.auth.sessionIdleTimeout],
    ['fleet.offlineAfter', config.fleet.offlineAfter],
    ['localHarvester.interval', config.localHarvester.interval],
  ] as const) {
    try {
      parseDuration(text);
    } catch (err) {
      throw new InvalidInputError(`cannot load config ${source}: ${field}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  try {
    new TrustedProxies(config.auth.trustedProxies);
  } catch (err) {
    throw new InvalidInputError(
      `cannot load config ${source}: auth.trustedProxies: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  return deepFreeze(config);
}

/** Parses `host:port`, `:port` or `port`. */
export function parseHostPort(text: string, what: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) {
    throw new InvalidInputError(`cannot parse --${what} "${text}": expected host:port, e.g. 127.0.0.1:8080`);
  }
  const host = (m[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' ? '0.0.0.0' : host, port };
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InvalidInputError(`cannot read config ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error('top level must be an object');
    }
    return value as Record<string, unknown>;
  } catch (err) {
    throw new InvalidInputError(`cannot parse config ${file}: ${(err as Error).message}`, { cause: err });
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

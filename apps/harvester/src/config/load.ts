import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { InvalidInputError, parseDuration } from '@seahawks/model';
import { resolveScrapeTargets } from '../scrape/target-config.js';
import type { HarvesterConfig } from './schema.js';
import { harvesterConfigSchema } from './schema.js';

/** Minimum interval: finer than a second costs more than it tells. */
const MIN_INTERVAL_MS = 1000;
const MAX_INTERVAL_MS = 3_600_000;

/**
 * Loads the harvester configuration: JSON file, then `SEAHAWKS_HARVESTER_*` environment, then
 * flags. The only place the harvester reads `process.env`. Names the bad field on error.
 */
export async function loadHarvesterConfig(
  file: string | undefined,
  overrides: { name?: string; nester?: string; interval?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<HarvesterConfig> {
  const raw: Record<string, unknown> = file ? await readJson(file) : {};
  const name = overrides.name ?? env.SEAHAWKS_HARVESTER_NAME;
  if (name) raw.name = name;
  const nester = overrides.nester ?? env.SEAHAWKS_NESTER_URL;
  if (nester) raw.nester = nester;
  const interval = overrides.interval ?? env.SEAHAWKS_HARVESTER_INTERVAL;
  if (interval) raw.interval = interval;
  if (env.SEAHAWKS_PROC_ROOT) raw.procRoot = env.SEAHAWKS_PROC_ROOT;
  if (env.SEAHAWKS_SYS_ROOT) raw.sysRoot = env.SEAHAWKS_SYS_ROOT;
  if (env.SEAHAWKS_ROOTFS) raw.rootfs = env.SEAHAWKS_ROOTFS;
  return validateHarvesterConfig(raw, file ?? 'flags');
}

/** A config for commands that collect without shipping (`collect --once`). */
export function localOnlyConfig(env: NodeJS.ProcessEnv = process.env): HarvesterConfig {
  return validateHarvesterConfig(
    {
      nester: 'https://127.0.0.1:5000',
      credentialFile: '-',
      procRoot: env.SEAHAWKS_PROC_ROOT ?? '/proc',
      sysRoot: env.SEAHAWKS_SYS_ROOT ?? '/sys',
      rootfs: env.SEAHAWKS_ROOTFS ?? '/',
    },
    'defaults',
  );
}

export function validateHarvesterConfig(raw: unknown, source: string): HarvesterConfig {
  const parsed = harvesterConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(
      `cannot load config ${source}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const config = { ...parsed.data, name: parsed.data.name === '' ? hostname() : parsed.data.name };
  if (new URL(config.nester).protocol !== 'https:') {
    throw new InvalidInputError(
      `cannot load config ${source}: nester: ${config.nester} is not https://; the harvester endpoint speaks TLS only (e.g. https://nester:5000)`,
    );
  }
  const interval = checkedDuration(config.interval, 'interval', source);
  if (interval < MIN_INTERVAL_MS || interval > MAX_INTERVAL_MS) {
    throw new InvalidInputError(
      `cannot load config ${source}: interval ${config.interval} is outside 1s..1h`,
    );
  }
  checkedDuration(config.queue.maxAge, 'queue.maxAge', source);
  try {
    resolveScrapeTargets(config);
  } catch (err) {
    throw new InvalidInputError(`cannot load config ${source}: ${(err as Error).message}`, { cause: err });
  }
  return Object.freeze(config);
}

function checkedDuration(text: string, field: string, source: string): number {
  try {
    return parseDuration(text);
  } catch (err) {
    throw new InvalidInputError(`cannot load config ${source}: ${field}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('top level must be an object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new InvalidInputError(`cannot read config ${file}: ${(err as Error).message}`, { cause: err });
  }
}

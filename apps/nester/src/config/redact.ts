import type { NesterConfig } from './schema.js';

const MASK = '***';

/**
 * A PostgreSQL URL fit to print: the password of the user part, and a `password` query parameter
 * (libpq reads one there too), replaced by `***`. A URL that does not parse is not printed at all.
 */
export function redactPostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Printing an unparsable URL could print its password: say what it is instead.
    return `(unparsable URL of ${url.length} characters)`;
  }
  if (parsed.password !== '') parsed.password = MASK;
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', MASK);
  return parsed.toString();
}

/**
 * The configuration as `--check-config` prints it: a copy with every secret masked (the
 * PostgreSQL password, the first admin's password). The configuration itself stays as it is.
 */
export function redactedConfig(config: NesterConfig): unknown {
  const pg = config.storage.postgres;
  return {
    ...config,
    storage: {
      ...config.storage,
      ...(pg === undefined ? {} : { postgres: { ...pg, url: redactPostgresUrl(pg.url) } }),
    },
    auth: {
      ...config.auth,
      initialAdminPassword: config.auth.initialAdminPassword === '' ? '' : MASK,
    },
  };
}

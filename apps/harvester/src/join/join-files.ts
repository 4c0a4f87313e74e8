import { chmod, mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where a joined harvester keeps what the join gave it. */
export interface JoinPaths {
  readonly dataDir: string;
  readonly credentialFile: string;
  readonly caFile: string;
  readonly configFile: string;
}

/** `<data>/credential`, `<data>/ca.crt`, and the config file (default `<data>/harvester.json`). */
export function joinPaths(dataDir: string, configFile?: string): JoinPaths {
  return {
    dataDir,
    credentialFile: join(dataDir, 'credential'),
    caFile: join(dataDir, 'ca.crt'),
    configFile: configFile ?? join(dataDir, 'harvester.json'),
  };
}

/**
 * Creates the data directory (0700) and the config file's directory, and reads the config file
 * when it exists (the operator may have written collector settings in it already; the join keeps
 * them). Called before the join so a bad path fails before the token is spent.
 */
export async function prepareJoinFiles(paths: JoinPaths): Promise<Record<string, unknown>> {
  await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
  await mkdir(dirname(paths.configFile), { recursive: true, mode: 0o700 });
  let text: string;
  try {
    text = await readFile(paths.configFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${paths.configFile}: the top level must be an object`);
  return value as Record<string, unknown>;
}

/** True when the data directory already holds a credential (this machine has joined). */
export async function hasCredential(paths: JoinPaths): Promise<boolean> {
  try {
    await stat(paths.credentialFile);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Writes the credential, the CA and the config, each atomically with mode 0600. The credential
 * goes first: it is the one thing that cannot be had again without a new token.
 */
export async function writeJoinFiles(
  paths: JoinPaths,
  credential: string,
  caPem: string,
  config: Record<string, unknown>,
): Promise<void> {
  await writePrivate(paths.credentialFile, `${credential}\n`);
  await writePrivate(paths.caFile, caPem.endsWith('\n') ? caPem : `${caPem}\n`);
  await writePrivate(paths.configFile, `${JSON.stringify(config, null, 2)}\n`);
}

/** Write a temporary file with 0600 (chmod too: it may have existed), fsync, rename over. */
async function writePrivate(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.chmod(0o600);
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  // Belt and braces for file systems that ignore the mode given at creation.
  await chmod(file, 0o600);
}

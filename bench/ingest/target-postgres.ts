// The nester on the PostgreSQL engine, against a throwaway PostgreSQL (fsync on).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTempPostgres } from '../../test/support/postgres.js';
import type { RunningTarget } from './target.js';
import { startNesterTarget } from './target-nester.js';

export async function startPostgresTarget(): Promise<RunningTarget> {
  const server = await startTempPostgres();
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-bench-pg-'));
  try {
    const config = join(dir, 'nester.json');
    const url = await server.createDatabase();
    await writeFile(config, JSON.stringify({ storage: { engine: 'postgres', postgres: { url } } }));
    const pids = await postgresPids(server.dataDir);
    return await startNesterTarget(
      'nester-postgres',
      'nester, PostgreSQL engine (throwaway server, fsync on, default settings)',
      ['--config', config],
      pids,
      async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    );
  } catch (err) {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The postmaster's pid from its pid file (its backends are its children: CPU is summed per tree). */
async function postgresPids(dataDir: string): Promise<number[]> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? [pid] : [];
}

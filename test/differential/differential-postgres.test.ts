import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTempPostgres } from '../support/postgres.js';
import { describeDifferential } from './scenario.js';
import type { NesterStorage } from './scenario.js';

/**
 * The differential scenario (differential.test.ts) against a nester whose storage is PostgreSQL:
 * a throwaway server (initdb, loopback) and a config file selecting `storage.engine: postgres`.
 * Same data (6 hosts, 2 h), checks and known differences as the embedded run, about 35 s.
 */
describeDifferential({
  title: 'differential: nester on PostgreSQL vs Prometheus 2.42 on node_exporter data',
  timeoutMs: 170_000,
  fleet: { hosts: 6, hours: 2, seed: 1860 },
  minSamples: 500_000,
  dashboardHosts: ['host-0:9100', 'host-1:9100', 'host-2:9100', 'host-3:9100'],
  storage: startPostgresStorage,
});

async function startPostgresStorage(): Promise<NesterStorage> {
  const postgres = await startTempPostgres();
  let dir: string | undefined;
  const stop = async (): Promise<void> => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    await postgres.stop();
  };
  try {
    const url = await postgres.createDatabase();
    dir = await mkdtemp(join(tmpdir(), 'seahawks-diff-pg-config-'));
    const config = join(dir, 'nester.json');
    const storage = { engine: 'postgres', retention: '15d', postgres: { url, poolSize: 8 } };
    await writeFile(config, JSON.stringify({ storage }));
    return { nesterArgs: ['--config', config], stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

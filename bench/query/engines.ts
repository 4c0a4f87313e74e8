// The servers the query benchmark compares: a real Prometheus, and the nester on each storage
// engine asked for (embedded; PostgreSQL on a throwaway server), all holding the same generated
// node_exporter data written through remote_write in the same order.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startNester } from '../../test/support/nester-process.js';
import type { RunningNester } from '../../test/support/nester-process.js';
import { nodeDataRequests, planNodeData } from '../../test/support/node-data.js';
import type { NodeDataPlan } from '../../test/support/node-data.js';
import { startTempPostgres } from '../../test/support/postgres.js';
import type { TempPostgres } from '../../test/support/postgres.js';
import type { QueryTarget } from '../../test/support/prom-client.js';
import { startPrometheus } from '../../test/support/prometheus.js';
import { writeToAll } from '../../test/support/remote-write.js';
import type { WriteStats } from '../../test/support/remote-write.js';

export type Engine = 'embedded' | 'postgres';
export const ENGINES: readonly Engine[] = ['embedded', 'postgres'];

/** One server under test: how to query it and the processes whose CPU counts as its own. */
export interface BenchServer {
  readonly target: QueryTarget;
  readonly pids: readonly number[];
  /** What runs, with the settings that matter for the figures. */
  readonly description: string;
}

export interface QueryFleet {
  readonly prometheus: BenchServer;
  /** In the order asked for. */
  readonly nesters: ReadonlyArray<BenchServer & { readonly engine: Engine }>;
  readonly plan: NodeDataPlan;
  readonly written: WriteStats;
  /** VACUUM ANALYZE of the PostgreSQL engine's tables after the load (autovacuum's job, done at once). */
  readonly postgresVacuumMs: number | undefined;
  /** Stops everything and removes its data. Idempotent, never throws. */
  stop(): Promise<void>;
}

/**
 * PostgreSQL as an operator would give a metrics store (as in bench/ingest-postgres); durability
 * stays on.
 */
const POSTGRES_SETTINGS: Record<string, string> = {
  shared_buffers: '1GB',
  max_wal_size: '8GB',
  checkpoint_timeout: '15min',
  effective_cache_size: '4GB',
};

interface Started {
  readonly nester: RunningNester;
  readonly postgres?: TempPostgres;
  readonly url?: string;
  readonly dir?: string;
}

async function startEngine(engine: Engine): Promise<Started> {
  if (engine === 'embedded') return { nester: await startNester() };
  const postgres = await startTempPostgres({ settings: POSTGRES_SETTINGS });
  let dir: string | undefined;
  try {
    const url = await postgres.createDatabase();
    dir = await mkdtemp(join(tmpdir(), 'seahawks-bench-query-pg-'));
    const config = join(dir, 'nester.json');
    await writeFile(
      config,
      JSON.stringify({ storage: { engine: 'postgres', postgres: { url, poolSize: 8 } } }),
    );
    return { nester: await startNester(['--config', config]), postgres, url, dir };
  } catch (err) {
    await postgres.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function postmasterPid(server: TempPostgres): Promise<number[]> {
  const pid = Number((await readFile(join(server.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? [pid] : [];
}

async function vacuum(url: string): Promise<number> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE) samples');
    await client.query('VACUUM (ANALYZE) series');
  } finally {
    await client.end();
  }
  return performance.now() - started;
}

/**
 * Starts Prometheus and one nester per engine, generates the data so that it ends
 * `endBeforeNowMs` before now, and writes it into all of them. Stops whatever started if
 * anything fails.
 */
export async function startQueryFleet(opts: {
  readonly hosts: number;
  readonly hours: number;
  readonly seed: number;
  readonly engines: readonly Engine[];
  readonly endBeforeNowMs: number;
}): Promise<QueryFleet> {
  const [p, ...e] = await Promise.allSettled([startPrometheus(), ...opts.engines.map(startEngine)]);
  const prometheus = p.status === 'fulfilled' ? p.value : undefined;
  const engines = e.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.all(engines.map((x) => x.nester.stop()));
    if (prometheus !== undefined) await prometheus.stop();
    for (const x of engines) {
      if (x.postgres !== undefined) await x.postgres.stop();
      if (x.dir !== undefined) await rm(x.dir, { recursive: true, force: true });
    }
  };
  const failed = [p, ...e].find((s) => s.status === 'rejected');
  if (failed !== undefined || prometheus === undefined) {
    await stop();
    throw failed?.reason;
  }
  try {
    const spanMs = opts.hours * 3_600_000;
    const startMs = Math.floor((Date.now() - opts.endBeforeNowMs - spanMs) / 60_000) * 60_000;
    const plan = planNodeData({ hosts: opts.hosts, hours: opts.hours, seed: opts.seed, startMs });
    const nesters = await Promise.all(
      engines.map(async (e, i) => ({
        engine: opts.engines[i]!,
        target: { name: `nester/${opts.engines[i]!}`, url: e.nester.url, headers: e.nester.headers },
        pids: [e.nester.pid, ...(e.postgres === undefined ? [] : await postmasterPid(e.postgres))],
        description:
          e.postgres === undefined
            ? 'nester, embedded engine'
            : `nester, PostgreSQL engine (PostgreSQL 15 on this machine, ${JSON.stringify(POSTGRES_SETTINGS)})`,
      })),
    );
    const written = await writeToAll(
      [
        { name: 'prometheus', url: `${prometheus.url}/api/v1/write` },
        ...nesters.map((n) => ({
          name: n.target.name,
          url: `${n.target.url}/api/v1/write`,
          headers: n.target.headers,
        })),
      ],
      nodeDataRequests(plan),
    );
    const pgUrl = engines.find((e) => e.url !== undefined)?.url;
    const postgresVacuumMs = pgUrl === undefined ? undefined : await vacuum(pgUrl);
    return {
      prometheus: {
        target: { name: `prometheus ${prometheus.version}`, url: prometheus.url },
        pids: [prometheus.pid],
        description: `Prometheus ${prometheus.version}`,
      },
      nesters,
      plan,
      written,
      postgresVacuumMs,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

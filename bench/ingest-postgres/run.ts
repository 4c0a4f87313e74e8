// Ingest throughput of the PostgreSQL engine: node_exporter-shaped scrapes (hosts × series per
// host × intervals) appended through the storage interface by concurrent senders, each append
// acknowledged only after COMMIT, into a real PostgreSQL with fsync on. A benchmark, not a test.
// Usage: node --conditions=seahawks-source --import tsx bench/ingest-postgres/run.ts -- \
//   [--hosts 1000] [--series 800] [--intervals 6] [--hosts-per-batch 1] [--concurrency 16] \
//   [--pool 8] [--write-path copy-first|staging] [--server-defaults] [--url postgres://…]
import { parseArgs } from 'node:util';
import type { Labels } from '@seahawks/model';
import pg from 'pg';
import type { SeriesSamples } from '../../apps/nester/src/storage/storage.js';
import { openPostgresStorage } from '../../apps/nester/src/tsdb/postgres/index.js';
import type { PostgresStorage, WritePath } from '../../apps/nester/src/tsdb/postgres/index.js';
import { startTempPostgres } from '../../test/support/postgres.js';
import type { TempPostgres } from '../../test/support/postgres.js';
import { describeMachine } from '../lib/report.js';
import { hostSeries } from './node-shape.js';

const { values: args } = parseArgs({
  options: {
    hosts: { type: 'string', default: '1000' },
    series: { type: 'string', default: '800' },
    intervals: { type: 'string', default: '6' },
    'hosts-per-batch': { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
    pool: { type: 'string', default: '8' },
    writers: { type: 'string' },
    'write-path': { type: 'string', default: 'copy-first' },
    'server-defaults': { type: 'boolean', default: false },
    url: { type: 'string' },
  },
  allowPositionals: true,
});
const hosts = Number(args.hosts);
const seriesPerHost = Number(args.series);
const intervals = Number(args.intervals);
const hostsPerBatch = Number(args['hosts-per-batch']);
const concurrency = Number(args.concurrency);
const writePath = args['write-path'] as WritePath;
const INTERVAL_MS = 15_000;

/**
 * Settings an operator would give a PostgreSQL that takes a metrics firehose: more shared
 * buffers, fewer checkpoints. Durability stays: fsync and synchronous_commit on.
 */
const INGEST_SETTINGS: Record<string, string> = {
  shared_buffers: '1GB',
  max_wal_size: '8GB',
  checkpoint_timeout: '15min',
  wal_buffers: '64MB',
  wal_compression: 'off',
};

/** One scrape round of `count` hosts from `first`: one sample per series, like remote_write carries it. */
function scrape(all: Labels[][], first: number, count: number, round: number, t0: number): SeriesSamples[] {
  const out: SeriesSamples[] = [];
  for (let h = first; h < Math.min(first + count, all.length); h++) {
    // Targets are spread over the interval, as Prometheus does.
    const t = t0 + round * INTERVAL_MS + (h % 15) * 1000;
    const series = all[h]!;
    for (let i = 0; i < series.length; i++)
      out.push({ labels: series[i]!, samples: [{ t, v: round * 1000 + i + h / 7 }] });
  }
  return out;
}

/** Appends one round with `concurrency` senders; returns the seconds it took. */
async function runRound(
  storage: PostgresStorage,
  all: Labels[][],
  round: number,
  t0: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const sender = async (): Promise<void> => {
    while (next < all.length) {
      const first = next;
      next += hostsPerBatch;
      const batch = scrape(all, first, hostsPerBatch, round, t0);
      const result = await storage.appender.append(batch);
      const want = batch.length;
      if (result.accepted !== want) throw new Error(`cannot append round ${round}: ${result.firstError}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return (performance.now() - started) / 1000;
}

async function countRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM samples');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

const rate = (samples: number, s: number): string =>
  `${Math.round(samples / s).toLocaleString('en')} samples/s`;

console.log(`machine: ${await describeMachine()}`);
let server: TempPostgres | undefined;
let storage: PostgresStorage | undefined;
try {
  if (args.url === undefined)
    server = await startTempPostgres({ settings: args['server-defaults'] ? {} : INGEST_SETTINGS });
  const url = args.url ?? (await server!.createDatabase());
  const version = await (async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await c.end();
    return rows[0]!.v;
  })();
  console.log(
    `PostgreSQL ${version}, fsync on, synchronous_commit on, ` +
      (args.url !== undefined
        ? 'given server'
        : args['server-defaults']
          ? 'default settings'
          : JSON.stringify(INGEST_SETTINGS)),
  );
  storage = await openPostgresStorage({
    url,
    poolSize: Number(args.pool),
    writeConnections: args.writers === undefined ? undefined : Number(args.writers),
    writePath,
    logger: { warn: console.warn, info: () => undefined },
  });
  const all = Array.from({ length: hosts }, (_, h) => hostSeries(h, seriesPerHost));
  const perRound = hosts * seriesPerHost;
  console.log(
    `${hosts} hosts × ${seriesPerHost} series × ${intervals} intervals; ${hostsPerBatch * seriesPerHost} samples per append, ` +
      `${concurrency} concurrent senders, pool ${args.pool}, ${args.writers ?? Number(args.pool) - 1} writing, write path ${writePath}`,
  );
  const t0 = Math.floor(Date.now() / 60_000) * 60_000 - (intervals + 1) * INTERVAL_MS;
  let steadyS = 0;
  for (let round = 0; round < intervals; round++) {
    const s = await runRound(storage, all, round, t0);
    const what = round === 0 ? `creates ${perRound.toLocaleString('en')} series` : 'series known';
    console.log(
      `interval ${round + 1}: ${perRound.toLocaleString('en')} samples in ${s.toFixed(2)} s = ${rate(perRound, s)} (${what})`,
    );
    if (round > 0) steadyS += s;
  }
  const stats = storage.stats();
  await storage.close();
  storage = undefined;
  const rows = await countRows(url);
  if (rows !== perRound * intervals)
    throw new Error(`cannot verify: ${rows} rows stored, want ${perRound * intervals}`);
  console.log(
    `stored and verified: ${rows.toLocaleString('en')} rows; ${stats.appendsWritten} appends in ${stats.transactions} ` +
      `transactions (${stats.directCommits} direct COPY, ${stats.stagedCommits} staged)`,
  );
  if (intervals > 1)
    console.log(`steady state (intervals 2–${intervals}): ${rate(perRound * (intervals - 1), steadyS)}`);
} finally {
  await storage?.close();
  await server?.stop();
}

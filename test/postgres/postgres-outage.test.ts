// The PostgreSQL engine when PostgreSQL goes away, for real: a nester process on a throwaway
// PostgreSQL (chosen through SEAHAWKS_STORAGE_ENGINE and SEAHAWKS_POSTGRES_URL), a harvester
// process enrolled with the CLI collecting every second, and a remote_write sender that retries.
// PostgreSQL is stopped for 20 s, then started again on the same port and data. Checked: writes
// are answered 503 with a message saying why (never 2xx, never 4xx) while it is down; the nester
// keeps serving its other endpoints; ingest resumes by itself; every acknowledged sample and
// every collection the harvester made is stored exactly once. Loopback only; every wait bounded.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { freeLoopbackPort, sleep } from '../support/processes.js';
import { startTempPostgres } from '../support/postgres.js';
import type { TempPostgres } from '../support/postgres.js';
import { PROBE_ENV, readCollections } from '../outage/collection-probe.js';
import {
  describeVerdict,
  judgeHarvester,
  matrixTimestamps,
  queuedTimestamps,
} from '../outage/outage-checks.js';
import type { HarvesterRun } from '../outage/outage-checks.js';
import {
  harvesterStatuses,
  NO_PROXY_ENV,
  parseJoinCommand,
  runCliOk,
  startDaemon,
} from '../outage/seahawks-cli.js';
import type { Daemon } from '../outage/seahawks-cli.js';
import { SENDER_SERIES, startRetryingSender } from './retrying-sender.js';
import type { RetryingSender } from './retrying-sender.js';

const OUTAGE_MS = 20_000;
const PASSWORD = 'postgres-outage-test-admin-password';
const PROBE = pathToFileURL(join(import.meta.dirname, '../outage/collection-probe.ts')).href;
const METRIC = 'pg_outage_sender';
const BASIC = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;

describe('postgres engine: PostgreSQL stopped under a running nester', () => {
  let dir: string;
  let postgres: TempPostgres | undefined;
  let url: string;
  let api: string;
  const daemons: Daemon[] = [];
  let sender: RetryingSender | undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-pg-outage-'));
    postgres = await startTempPostgres();
    url = await postgres.createDatabase();
  });
  after(async () => {
    await sender?.stop();
    await Promise.all(daemons.map((d) => d.stop()));
    await postgres?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const query = async (promql: string): Promise<Response> =>
    fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`, {
      headers: { authorization: BASIC },
      signal: AbortSignal.timeout(30_000),
    });
  const storedTimes = async (promql: string): Promise<number[]> => {
    const res = await query(promql);
    if (res.status !== 200) throw new Error(`cannot query ${promql}: HTTP ${res.status} ${await res.text()}`);
    return matrixTimestamps(await res.json());
  };

  it(
    'answers writes 503 while it is down, keeps serving, resumes alone, loses nothing acknowledged',
    { timeout: 300_000 },
    async (t) => {
      const ports = { api: await freeLoopbackPort(), agent: await freeLoopbackPort() };
      api = `http://127.0.0.1:${ports.api}`;
      const nesterDir = join(dir, 'nester');
      const nester = await startDaemon(
        [
          'nester',
          'serve',
          '--listen',
          `127.0.0.1:${ports.api}`,
          '--agent-listen',
          `127.0.0.1:${ports.agent}`,
          '--data',
          nesterDir,
        ],
        /Harvester endpoint: /,
        {
          env: {
            SEAHAWKS_LOG_LEVEL: 'warn',
            SEAHAWKS_ADMIN_PASSWORD: PASSWORD,
            SEAHAWKS_STORAGE_ENGINE: 'postgres',
            SEAHAWKS_POSTGRES_URL: url,
          },
        },
      );
      daemons.push(nester);

      const cmd = parseJoinCommand(await runCliOk(['nester', 'token', 'create', '--data', nesterDir]));
      const hDir = join(dir, 'h1');
      await runCliOk(
        [
          'harvester',
          'join',
          cmd.url,
          '--token',
          cmd.token,
          '--ca-hash',
          cmd.caHash,
          '--name',
          'h1',
          '--data',
          hDir,
        ],
        { env: NO_PROXY_ENV },
      );
      const probeFile = join(dir, 'h1.jsonl');
      const harvester = await startDaemon(
        ['harvester', 'run', '--config', join(hDir, 'harvester.json'), '--interval', '1s'],
        /harvester running/,
        { env: { ...NO_PROXY_ENV, [PROBE_ENV]: probeFile }, nodeArgs: ['--import', PROBE] },
      );
      daemons.push(harvester);
      const runs = (): HarvesterRun[] => [
        { startedAt: harvester.startedAt, stoppedAt: undefined, collections: readCollections(probeFile) },
      ];
      const harvesterStored = (): Promise<number[]> =>
        storedTimes('node_scrape_collector_success{collector="loadavg",instance="h1"}[15m]');

      sender = startRetryingSender({
        url: `${api}/api/v1/write`,
        headers: { authorization: BASIC },
        metric: METRIC,
        intervalMs: 200,
        retryMs: 250,
      });
      const log = sender.log;
      await waitFor('h1 online and data stored', 60_000, async () => {
        const online = (await harvesterStatuses(nesterDir)).get('h1') === 'online';
        return online && (await harvesterStored()).length >= 5 && log.acknowledged.length >= 10;
      });

      // PostgreSQL goes away.
      const outageFrom = Date.now();
      await postgres!.stopTemporarily();
      const session = await login(api);
      const served: string[] = [];
      while (Date.now() < outageFrom + OUTAGE_MS) {
        served.push(...(await checkOtherEndpoints(api, session, nesterDir)));
        await sleep(2000);
      }
      const failedQuery = await query('up');
      const failedQueryBody = (await failedQuery.json()) as {
        status: string;
        errorType: string;
        error: string;
      };
      const ackedDuringOutage = log.acknowledged.filter((at) => at > outageFrom + 1000);
      const outageTo = Date.now();
      await postgres!.start();

      // Ingest resumes by itself: no restart, nothing but time.
      await waitFor('acknowledged writes after PostgreSQL is back', 30_000, () =>
        Promise.resolve(log.acknowledged.filter((at) => at > outageTo).length >= 10),
      );
      const resumedAfterMs = log.answers.find((a) => a.at > outageTo && a.status === 204)!.at - outageTo;
      await sender.stop();
      const senderAcked = [...log.acknowledged];

      // Everything acknowledged is stored exactly once, the harvester's backlog included.
      let cutoff = Date.now() - 3000;
      await waitFor('every collection of h1 stored', 150_000, async () => {
        const have = new Set(await harvesterStored());
        return queuedTimestamps(runs(), cutoff).every((x) => have.has(x));
      });
      cutoff = Date.now() - 3000;
      await waitFor('the latest collections of h1 stored', 30_000, async () => {
        const have = new Set(await harvesterStored());
        return queuedTimestamps(runs(), cutoff).every((x) => have.has(x));
      });
      const verdict = judgeHarvester(runs(), await harvesterStored(), cutoff, {
        from: outageFrom,
        to: outageTo,
      });
      const senderStored = await storedTimes(`${METRIC}[15m]`);

      const during = log.answers.filter((a) => a.at > outageFrom + 1000 && a.at < outageTo);
      const statuses = new Map<number, number>();
      for (const a of log.answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      t.diagnostic(
        `PostgreSQL down ${((outageTo - outageFrom) / 1000).toFixed(1)} s; sender: ${senderAcked.length} batches ` +
          `acknowledged, answers by status ${JSON.stringify(Object.fromEntries(statuses))}; ` +
          `first 204 ${resumedAfterMs} ms after PostgreSQL was back`,
      );
      t.diagnostic(`a write during the outage: HTTP ${during[0]?.status} ${during[0]?.body}`);
      t.diagnostic(`a query during the outage: HTTP ${failedQuery.status} ${failedQueryBody.error}`);
      t.diagnostic(describeVerdict('h1', verdict));
      t.diagnostic(`served during the outage: ${[...new Set(served)].join(', ')}`);

      assert.ok(during.length >= 20, `${during.length} write answers during the outage`);
      assert.deepEqual(ackedDuringOutage, [], 'a write acknowledged while PostgreSQL was down');
      for (const a of during) {
        assert.equal(a.status, 503, `write during the outage: HTTP ${a.status} ${a.body}`);
        assert.match(a.body, /^cannot [a-z ]+: .*(ECONNREFUSED|connect|terminat|shut)/i);
      }
      for (const a of log.answers) {
        assert.ok(a.status === 204 || a.status === 503, `HTTP ${a.status} ${a.body}`);
      }
      assert.equal(failedQuery.status, 503);
      assert.equal(failedQueryBody.errorType, 'unavailable');

      assert.deepEqual(
        senderStored.slice().sort((a, b) => a - b),
        senderAcked.flatMap((x) => Array(SENDER_SERIES).fill(x) as number[]).sort((a, b) => a - b),
      );
      assert.deepEqual(verdict.missing, [], 'h1: collected, never stored');
      assert.deepEqual(verdict.extra, [], 'h1: stored, never collected');
      assert.deepEqual(verdict.duplicates, [], 'h1: stored twice');
      assert.ok(
        verdict.collectedDuringOutage >= 15,
        `${verdict.collectedDuringOutage} collections during the outage`,
      );
      assert.equal(nester.child.exitCode, null, 'the nester exited');
      assert.equal(nester.child.signalCode, null, 'the nester was killed');
      assert.equal((await harvesterStatuses(nesterDir)).get('h1'), 'online');

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string; d: string }>(
          `SELECT count(*) AS n, count(DISTINCT s.time) AS d FROM samples s JOIN series r ON r.id = s.series_id
            WHERE r.metric = $1`,
          [METRIC],
        );
        assert.equal(Number(rows[0]!.n), senderAcked.length * SENDER_SERIES);
        assert.equal(Number(rows[0]!.d), senderAcked.length);
      } finally {
        await client.end();
      }
    },
  );
});

/** A session cookie for the admin, from `POST /api/auth/login` (which needs no storage). */
async function login(api: string): Promise<string> {
  const res = await fetch(`${api}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 200 || cookie === undefined)
    throw new Error(`cannot log in while PostgreSQL is down: HTTP ${res.status} ${await res.text()}`);
  return cookie;
}

/**
 * The endpoints that need no samples answer as usual while the store is away: health, build
 * info, the user's session, the fleet (harvester still online), the admin socket. Returns what
 * answered; throws on the first that did not.
 */
async function checkOtherEndpoints(api: string, cookie: string, nesterDir: string): Promise<string[]> {
  const get = async (path: string, headers: Record<string, string>): Promise<Response> => {
    const res = await fetch(`${api}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200)
      throw new Error(`cannot GET ${path} while PostgreSQL is down: HTTP ${res.status} ${await res.text()}`);
    return res;
  };
  await get('/healthz', {});
  await get('/api/v1/status/buildinfo', { authorization: BASIC });
  await get('/api/auth/me', { cookie });
  const fleet = (await (await get('/api/fleet', { cookie })).json()) as {
    harvesters: Array<{ name: string; status?: string; online?: boolean }>;
  };
  assert.ok(
    fleet.harvesters.some((h) => h.name === 'h1'),
    JSON.stringify(fleet),
  );
  const status = (await harvesterStatuses(nesterDir)).get('h1');
  assert.equal(status, 'online', 'h1 as the admin socket sees it');
  return ['/healthz', '/api/v1/status/buildinfo', '/api/auth/me', '/api/fleet', 'admin socket (harvesters)'];
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(500);
  }
}

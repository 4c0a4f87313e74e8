// SPEC §5 "nester down ... loses no harvester sample", for real: a nester process and two
// harvester processes enrolled with the CLI as a user would, collecting every second. The nester
// is stopped for 125 s; meanwhile h1 is restarted (its on-disk queue must survive); then the
// nester comes back on the same ports and data directory. Every collection each harvester made
// (recorded by the collection probe inside the process) must be in the store exactly once, and
// the only gap allowed is h1's own downtime. Loopback only; every wait is bounded.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { freeLoopbackPort, sleep } from '../support/processes.js';
import { PROBE_ENV, readCollections } from './collection-probe.js';
import { describeVerdict, judgeHarvester, matrixTimestamps, queuedTimestamps } from './outage-checks.js';
import type { HarvesterRun, HarvesterVerdict } from './outage-checks.js';
import { harvesterStatuses, NO_PROXY_ENV, parseJoinCommand, runCliOk, startDaemon } from './seahawks-cli.js';
import type { Daemon } from './seahawks-cli.js';

const OUTAGE_MS = 125_000;
const PASSWORD = 'outage-test-admin-password';
const PROBE = pathToFileURL(join(import.meta.dirname, 'collection-probe.ts')).href;

interface Harvester {
  readonly name: string;
  readonly dir: string;
  runs: Array<{ daemon: Daemon; probeFile: string; stoppedAt?: number }>;
}

describe('outage: the nester down for 2 minutes, a harvester restarted meanwhile', () => {
  let dir: string;
  let ports: { api: number; agent: number };
  let nester: Daemon | undefined;
  const harvesters: Harvester[] = [];
  const daemons: Daemon[] = [];

  const nesterDir = (): string => join(dir, 'nester');
  const startNester = async (): Promise<Daemon> => {
    const d = await startDaemon(
      [
        'nester',
        'serve',
        '--listen',
        `127.0.0.1:${ports.api}`,
        '--agent-listen',
        `127.0.0.1:${ports.agent}`,
        '--data',
        nesterDir(),
      ],
      /Harvester endpoint: /,
      { env: { SEAHAWKS_LOG_LEVEL: 'warn', SEAHAWKS_ADMIN_PASSWORD: PASSWORD } },
    );
    daemons.push(d);
    return d;
  };
  const startRun = async (h: Harvester): Promise<void> => {
    const probeFile = join(dir, `${h.name}-run${h.runs.length + 1}.jsonl`);
    const daemon = await startDaemon(
      ['harvester', 'run', '--config', join(h.dir, 'harvester.json'), '--interval', '1s'],
      /harvester running/,
      { env: { ...NO_PROXY_ENV, [PROBE_ENV]: probeFile }, nodeArgs: ['--import', PROBE] },
    );
    daemons.push(daemon);
    h.runs.push({ daemon, probeFile });
  };
  const runsOf = (h: Harvester): HarvesterRun[] =>
    h.runs.map((r) => ({
      startedAt: r.daemon.startedAt,
      stoppedAt: r.stoppedAt,
      collections: readCollections(r.probeFile),
    }));
  const stored = async (name: string): Promise<number[]> => {
    const query = `node_scrape_collector_success{collector="loadavg",instance="${name}"}[15m]`;
    const res = await fetch(`http://127.0.0.1:${ports.api}/api/v1/query?query=${encodeURIComponent(query)}`, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` },
    });
    if (res.status !== 200) throw new Error(`cannot query ${query}: HTTP ${res.status} ${await res.text()}`);
    return matrixTimestamps(await res.json());
  };
  /** Polls until every collection queued up to `until` is stored, for every harvester. */
  const waitStored = async (until: number, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lacking: string[] = [];
      for (const h of harvesters) {
        const have = new Set(await stored(h.name));
        const want = queuedTimestamps(runsOf(h), until).filter((t) => !have.has(t));
        if (want.length > 0)
          lacking.push(`${h.name}: ${want.length} (first ${new Date(want[0]!).toISOString()})`);
      }
      if (lacking.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(`not stored after ${timeoutMs} ms: ${lacking.join('; ')}\n${nester?.output() ?? ''}`);
      await sleep(1000);
    }
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-outage-'));
    ports = { api: await freeLoopbackPort(), agent: await freeLoopbackPort() };
  });
  after(async () => {
    // Every process this test started, even on a failure path; stop() never throws.
    await Promise.all(daemons.map((d) => d.stop()));
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it(
    'stores every collected sample exactly once, with no gap but the harvester downtime',
    { timeout: 360_000 },
    async (t) => {
      const began = Date.now();
      nester = await startNester();
      for (const name of ['h1', 'h2']) {
        const cmd = parseJoinCommand(await runCliOk(['nester', 'token', 'create', '--data', nesterDir()]));
        const h: Harvester = { name, dir: join(dir, name), runs: [] };
        const joinArgs = ['harvester', 'join', cmd.url, '--token', cmd.token, '--ca-hash', cmd.caHash];
        await runCliOk([...joinArgs, '--name', name, '--data', h.dir], { env: NO_PROXY_ENV });
        harvesters.push(h);
      }
      await Promise.all(harvesters.map((h) => startRun(h)));
      await waitFor('both harvesters Online', 30_000, async () => {
        const s = await harvesterStatuses(nesterDir());
        return harvesters.every((h) => s.get(h.name) === 'online');
      });
      await sleep(10_000);
      await waitStored(Date.now() - 2000, 15_000);

      const outageFrom = Date.now();
      await nester.stop();
      const h1 = harvesters[0]!;
      await sleep(40_000);
      const h1StopAsked = Date.now();
      h1.runs[0]!.stoppedAt = await h1.runs[0]!.daemon.stop();
      await sleep(5_000);
      await startRun(h1);
      await sleep(outageFrom + OUTAGE_MS - Date.now());
      nester = await startNester();
      const outageTo = Date.now();
      await waitStored(outageTo, 120_000);
      const drainMs = Date.now() - outageTo;
      await waitFor('both harvesters Online again', 90_000, async () => {
        const s = await harvesterStatuses(nesterDir());
        return harvesters.every((h) => s.get(h.name) === 'online');
      });

      // Live batches are acknowledged within a second or so: 3 s back, everything must be stored.
      const cutoff = Date.now() - 3000;
      await waitStored(cutoff, 15_000);
      const verdicts = new Map<string, HarvesterVerdict>();
      for (const h of harvesters) {
        verdicts.set(
          h.name,
          judgeHarvester(runsOf(h), await stored(h.name), cutoff, { from: outageFrom, to: outageTo }),
        );
      }
      t.diagnostic(
        `nester outage ${((outageTo - outageFrom) / 1000).toFixed(1)} s, drained ${(drainMs / 1000).toFixed(1)} s after the restart`,
      );
      for (const [name, v] of verdicts) t.diagnostic(describeVerdict(name, v));
      t.diagnostic(`total ${((Date.now() - began) / 1000).toFixed(0)} s`);

      for (const [name, v] of verdicts) {
        assert.deepEqual(v.missing, [], `${name}: collected, never stored`);
        assert.deepEqual(v.extra, [], `${name}: stored, never collected`);
        assert.deepEqual(v.duplicates, [], `${name}: stored twice`);
        assert.deepEqual(v.repeatedCollections, [], `${name}: a timestamp collected twice or backwards`);
        assert.equal(v.mixedBatches, 0, `${name}: a batch with more than one timestamp`);
        // On the grid every second, after a start-up collection at most two intervals before.
        assert.ok(v.maxGapInRunMs <= 1500, `${name}: a collection was skipped (gap ${v.maxGapInRunMs} ms)`);
        assert.ok(v.maxStartGapMs < 2000, `${name}: ${v.maxStartGapMs} ms from start-up to the grid`);
        assert.ok(
          v.collectedDuringOutage >= 100,
          `${name}: ${v.collectedDuringOutage} collections during the outage`,
        );
      }
      const [h1v, h2v] = [verdicts.get('h1')!, verdicts.get('h2')!];
      assert.equal(h2v.gapsBetweenRunsMs.length, 0);
      assert.equal(h1v.gapsBetweenRunsMs.length, 1, 'h1 ran twice');
      // The one gap allowed, h1's downtime: its last collection came before it had exited, at
      // most one interval before SIGTERM; its next one after the new process started, and before
      // that process said it was running (it collects once at start).
      const gap = h1v.gapsBetweenRunsMs[0]!;
      const run2 = h1.runs[1]!.daemon;
      const [least, most] = [run2.startedAt - h1.runs[0]!.stoppedAt, run2.readyAt - h1StopAsked + 2000];
      t.diagnostic(`h1 down: gap ${gap} ms, process exited to restarted ${least} ms`);
      assert.ok(gap >= least && gap <= most, `h1's gap of ${gap} ms is its downtime, ${least}..${most} ms`);
      // Appends refused only as a process stops (a collection racing the queue's close).
      for (const [name, v] of verdicts)
        for (const f of v.failedAppends) assert.match(f, /queue is closed/, `${name}: append refused`);
    },
  );
});

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(500);
  }
}

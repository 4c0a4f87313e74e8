// The workshop's demo in CI: deploy/demo/stress.sh runs `stress-ng --cpu 2 --timeout 30s` on a
// machine watched by a real harvester, and the nester's API shows
// rate(node_cpu_seconds_total{mode="user"}[30s]) rise within two collection intervals.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../e2e/processes.js';
import type { Daemon } from '../outage/seahawks-cli.js';
import { sleep } from '../support/processes.js';
import { startLocalHarvester, startLocalNester } from './local-nester.js';
import type { LocalNester } from './local-nester.js';
import { REPO_ROOT, requireTool, run } from './tools.js';
import type { Ran } from './tools.js';

const INTERVAL_S = 5;
const NAME = 'stress-host';
const USER_RATE = `sum(rate(node_cpu_seconds_total{mode="user",instance="${NAME}"}[30s]))`;
/**
 * Two workers add about two cores of user time: +0.33 in a 30 s window after one 5 s interval, +0.67
 * after two. The machine is shared with other work, so ask for less.
 */
const MIN_RISE = 0.3;

describe('the stress-ng demo', { timeout: 180_000 }, () => {
  let dir: string;
  let nester: LocalNester;
  let harvester: Daemon;
  before(async () => {
    await requireTool('stress-ng', 'stress-ng');
    dir = await mkdtemp(join(tmpdir(), 'seahawks-stress-'));
    nester = await startLocalNester();
    harvester = await startLocalHarvester(nester, NAME, join(dir, 'harvester'), `${INTERVAL_S}s`);
  });
  after(async () => {
    await harvester?.stop();
    await nester?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`stress-ng --cpu 2 raises the user CPU rate seen through the nester within two intervals (${INTERVAL_S} s)`, async (t) => {
    // Evaluated at the newest sample's time, so the 30 s window always ends on a collection and
    // the figures move only when a collection brings new data (not with the clock).
    const newest = async (): Promise<number | undefined> => {
      const [r] = await nester.query(
        `max(timestamp(node_cpu_seconds_total{mode="user",instance="${NAME}"}))`,
      );
      return r === undefined ? undefined : Number(r.value[1]);
    };
    const userRateAt = async (time: number): Promise<number> => {
      const [r] = await nester.query(USER_RATE, time);
      return r === undefined ? NaN : Number(r.value[1]);
    };
    // A baseline needs a few samples in the 30 s window.
    await waitFor('a baseline user CPU rate', 60_000, async () => {
      const r = await nester.query(
        `count_over_time(node_cpu_seconds_total{mode="user",instance="${NAME}"}[30s])`,
      );
      return r.some((x) => Number(x.value[1]) >= 4) ? true : undefined;
    });
    const baseTime = (await newest())!;
    const baseline = await userRateAt(baseTime);
    const started = Date.now();
    const script = run('bash', [join(REPO_ROOT, 'deploy/demo/stress.sh'), '--cpu', '2', '--timeout', '30s'], {
      timeoutMs: 90_000,
    });
    // Two intervals, plus the time a collection takes to be shipped and stored.
    const deadline = started + 2 * INTERVAL_S * 1000 + 2000;
    const seen: string[] = [];
    let lastTime = baseTime;
    let risen = false;
    while (Date.now() < deadline && !risen) {
      await sleep(250);
      const time = (await newest()) ?? lastTime;
      if (time === lastTime) continue;
      lastTime = time;
      const rate = await userRateAt(time);
      seen.push(`+${((Date.now() - started) / 1000).toFixed(1)}s: ${rate.toFixed(2)}`);
      risen = rate >= baseline + MIN_RISE;
    }
    t.diagnostic(`user CPU rate, baseline ${baseline.toFixed(2)}: ${seen.join(', ')}`);
    const done: Ran = await script;
    assert.ok(
      risen,
      `user CPU did not rise by ${MIN_RISE} within ${(deadline - started) / 1000} s (baseline ${baseline.toFixed(2)}): ${seen.join(', ')}`,
    );
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /stress-ng: 2 CPU workers for 30s on this machine/);
  });
});

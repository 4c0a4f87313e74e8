// The built-in rules with real processes: a nester evaluating every second, a harvester joined
// with the CLI and collecting every second, `stress-ng --cpu` loading this machine's CPUs, and the
// harvester stopped. Windows and `for` are shortened through the configuration so the whole run
// takes about a minute on a quiet machine.
//
// CpuSaturated watches the whole machine (1 - idle, averaged over every CPU), so other work on a
// shared machine moves it as much as stress-ng does. The test therefore measures the machine's
// own load first and sets `cpuBusyRatio` halfway between it and 100 %, at least 75 %
// (cpu-baseline.ts): on a machine 70 % busy the rule fires above 85 %. Pinning stress-ng to one CPU with taskset would not
// help: the rule averages all CPUs, and nothing keeps the other work off the pinned one. What the
// test still proves: no alert before the stress, pending then firing under it, resolved after.
// What it cannot do: tell stress-ng from other work on a machine kept saturated (it waits up to
// 3 minutes for headroom, then fails saying so, with the figures). The thresholds are relative,
// but the states are not relaxed: a rule that never fires, fires without load, or never resolves
// still fails.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freeLoopbackPort, killOnExit, stopChild } from '../support/processes.js';
import { waitFor } from '../e2e/processes.js';
import { NO_PROXY_ENV, parseJoinCommand, runCliOk, startDaemon } from '../outage/seahawks-cli.js';
import type { Daemon } from '../outage/seahawks-cli.js';
import { busyFraction, thresholdAbove, waitForHeadroom } from './cpu-baseline.js';

const PASSWORD = 'builtin-rules-test-password';

interface PromAlert {
  labels: Record<string, string>;
  state: string;
  activeAt: string;
}

describe('built-in rules: CPU saturated under stress-ng, harvester down when stopped', () => {
  let dir: string;
  let api = '';
  let nester: Daemon;
  let harvester: Daemon;
  let stress: ChildProcess | undefined;
  let threshold = 0.95;
  let baseline = NaN;
  /** Why the CPU test cannot run here (no headroom); HarvesterDown is tested regardless. */
  let noHeadroom: Error | undefined;
  const auth = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };

  /** A wait that failed says whether other work keeps the machine busy (then the rule is right). */
  const explained = async (wait: Promise<unknown>): Promise<void> => {
    try {
      await wait;
    } catch (err) {
      const busy = await busyFraction(5000);
      throw new Error(
        `${(err as Error).message}; the machine is ${Math.round(busy * 100)} % busy now, the threshold is ${Math.round(threshold * 100)} %`,
        { cause: err },
      );
    }
  };

  const alerts = async (name: string): Promise<PromAlert[]> => {
    const res = await fetch(`${api}/api/v1/alerts`, { headers: auth });
    const body = (await res.json()) as { data: { alerts: PromAlert[] } };
    return body.data.alerts.filter((a) => a.labels.alertname === name && a.labels.instance === 'h1');
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-builtin-'));
    const port = await freeLoopbackPort();
    // At most 85 % busy over 5 s, so the threshold (at most 92.5 %) leaves stress-ng room above.
    try {
      baseline = await waitForHeadroom(5000, 0.85, 180_000);
      threshold = thresholdAbove(baseline);
    } catch (err) {
      noHeadroom = err as Error;
    }
    const config = {
      alerting: {
        evaluationInterval: '1s',
        builtinRules: { harvesterDownAfter: '3s', cpuWindow: '10s', cpuFor: '4s', cpuBusyRatio: threshold },
      },
    };
    await writeFile(join(dir, 'nester.json'), JSON.stringify(config));
    nester = await startDaemon(
      [
        'nester',
        'serve',
        '--config',
        join(dir, 'nester.json'),
        '--listen',
        `127.0.0.1:${port}`,
        '--agent-listen',
        '127.0.0.1:0',
        '--data',
        join(dir, 'nester'),
      ],
      /Harvester endpoint: /,
      { env: { SEAHAWKS_LOG_LEVEL: 'warn', SEAHAWKS_ADMIN_PASSWORD: PASSWORD } },
    );
    api = `http://127.0.0.1:${port}`;
    const cmd = parseJoinCommand(
      await runCliOk(['nester', 'token', 'create', '--data', join(dir, 'nester')]),
    );
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
        join(dir, 'h1'),
      ],
      { env: NO_PROXY_ENV },
    );
    harvester = await startDaemon(
      ['harvester', 'run', '--config', join(dir, 'h1', 'harvester.json'), '--interval', '1s'],
      /harvester running/,
      {
        env: NO_PROXY_ENV,
      },
    );
  });

  after(async () => {
    if (stress) await stopChild(stress);
    await harvester?.stop();
    await nester?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'CpuSaturated goes pending, then firing under stress-ng, and resolves when it stops',
    { timeout: 360_000 },
    async (t) => {
      // A failure, not a skip: the test could not show what it is for.
      if (noHeadroom) throw noHeadroom;
      t.diagnostic(
        `machine ${(baseline * 100).toFixed(1)} % busy before the test; CpuSaturated threshold ${(threshold * 100).toFixed(1)} %`,
      );
      await waitFor('CPU data from the harvester for the 10 s window', 30_000, async () => {
        const res = await fetch(
          `${api}/api/v1/query?query=${encodeURIComponent('count(node_cpu_seconds_total{instance="h1"})')}`,
          { headers: auth },
        );
        const body = (await res.json()) as { data: { result: unknown[] } };
        return body.data.result.length > 0 ? true : undefined;
      });
      // Other work may have grown since the measurement: start from an evaluation below the
      // threshold, so that what follows is stress-ng's doing.
      await explained(
        waitFor('no CpuSaturated alert before the stress', 120_000, async () =>
          (await alerts('CpuSaturated')).length === 0 ? true : undefined,
        ),
      );
      stress = spawn(
        'stress-ng',
        ['--cpu', '0', '--cpu-method', 'matrixprod', '--timeout', '80s', '--quiet'],
        { stdio: 'ignore' },
      );
      const unguard = killOnExit(stress);
      const seen = new Set<string>();
      await waitFor('CpuSaturated firing', 60_000, async () => {
        for (const a of await alerts('CpuSaturated')) seen.add(a.state);
        return seen.has('firing') ? true : undefined;
      });
      assert.ok(seen.has('pending'), `states seen: ${[...seen].join(', ')}`);
      await stopChild(stress);
      unguard();
      stress = undefined;
      await explained(
        waitFor('CpuSaturated resolved', 120_000, async () =>
          (await alerts('CpuSaturated')).length === 0 ? true : undefined,
        ),
      );
    },
  );

  it(
    'HarvesterDown fires within the configured time after the harvester stops',
    { timeout: 90_000 },
    async () => {
      // Start from a harvester whose tunnel is up (on a loaded machine it may still be connecting
      // when this test comes first): then nothing may be pending or firing.
      await waitFor('the harvester’s tunnel up, as the nester records it', 30_000, async () => {
        const res = await fetch(
          `${api}/api/v1/query?query=${encodeURIComponent('seahawks_harvester_connected{instance="h1"} == 1')}`,
          { headers: auth },
        );
        const body = (await res.json()) as { data: { result: unknown[] } };
        return body.data.result.length > 0 ? true : undefined;
      });
      await waitFor('no HarvesterDown alert while connected', 10_000, async () =>
        (await alerts('HarvesterDown')).length === 0 ? true : undefined,
      );
      const stoppedAt = await harvester.stop();
      const firing = await waitFor('HarvesterDown firing', 30_000, async () => {
        const a = (await alerts('HarvesterDown')).find((x) => x.state === 'firing');
        return a ? Date.now() : undefined;
      });
      const tookMs = firing - stoppedAt;
      // 3 s of `for`; plus up to two evaluations (1 s each): the presence series is written at an
      // evaluation's wall-clock time and read by the next one, whose time is aligned a little
      // earlier (as Prometheus spreads groups); plus 3 s for polling and timers running late on a
      // loaded 2-core machine (6.3 s measured there, 5 s when quiet).
      assert.ok(tookMs < 3000 + 2000 + 3000, `HarvesterDown fired ${tookMs} ms after the harvester stopped`);
      assert.ok(tookMs >= 3000, `HarvesterDown fired before its 3 s: ${tookMs} ms`);
    },
  );
});

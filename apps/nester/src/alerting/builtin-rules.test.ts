import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { labelsToRecord } from '@seahawks/model';
import { alertingFixture } from './testing/memory-store.js';
import type { AlertingFixture } from './testing/memory-store.js';

const T0 = 1_700_000_000_000;
const STEP = 15_000;
const DROPPED = 'seahawks_harvester_queue_dropped_batches_total';

/**
 * HarvesterQueueDropping on the counter the harvester ships (apps/harvester/src/self-metrics.ts):
 * quiet while the counter stands still or restarts from 0, firing at the first evaluation after
 * it rises (no `for`: dropped data is already lost), resolved 15 minutes after the last drop.
 */
describe('built-in rule HarvesterQueueDropping', () => {
  let dir: string;
  let f: AlertingFixture;

  /** The counter of harvester h1 every 15 s from `from`, with the value `at(t)`. */
  const counter = (from: number, to: number, at: (t: number) => number): void => {
    const samples = [];
    for (let t = from; t <= to; t += STEP) samples.push({ t, v: at(t) });
    f.store.add({ labels: { __name__: DROPPED, instance: 'h1', job: 'node', team: 'alpha' }, samples });
  };
  const alerts = () =>
    f.service
      .groups()
      .flatMap((g) => g.rules)
      .flatMap((r) =>
        r.kind === 'alert' && r.name === 'HarvesterQueueDropping' ? [...r.active.values()] : [],
      );
  /** Evaluates every 15 s until `until` (ms after T0); returns the states seen, in order, deduplicated. */
  const runUntil = async (until: number): Promise<string[]> => {
    const seen: string[] = [];
    while (f.now < T0 + until) {
      await f.advance(STEP);
      const state = alerts()[0]?.state ?? 'none';
      if (seen[seen.length - 1] !== state) seen.push(state);
    }
    return seen;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-builtin-'));
    f = await alertingFixture(dir, { evaluationInterval: '15s' }, { startMs: T0 });
  });
  afterEach(async () => {
    await f.service.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fires once the counter rises, with the harvester’s labels, and resolves 15 min later', async () => {
    // Flat at 2 (drops before the window), 3 more at T0+20 min, then flat again.
    counter(T0 - 3_600_000, T0 + 3_600_000, (t) => (t < T0 + 20 * 60_000 ? 2 : 5));
    assert.deepEqual(await runUntil(20 * 60_000 - STEP), ['none']);
    await f.advance(STEP);
    await f.advance(STEP);
    const [a] = alerts();
    assert.equal(a?.state, 'firing', 'no `for`: firing at the first evaluation that sees the rise');
    assert.deepEqual(labelsToRecord(a.labels), {
      alertname: 'HarvesterQueueDropping',
      instance: 'h1',
      job: 'node',
      severity: 'warning',
      team: 'alpha',
    });
    assert.equal(a.annotations.summary, 'Harvester h1 dropped unsent data');
    assert.ok(a.value > 0);
    // increase(…[15m]) still sees the step until it leaves the window.
    const after = await runUntil(20 * 60_000 + 15 * 60_000 + 2 * STEP);
    assert.deepEqual(after, ['firing', 'inactive']);
    assert.ok(alerts()[0]!.resolvedAt >= T0 + 35 * 60_000 - STEP);
  });

  it('stays quiet when the counter stands still or restarts from 0 with the harvester', async () => {
    counter(T0 - 3_600_000, T0 + 3_600_000, (t) => (t < T0 + 10 * 60_000 ? 4 : 0));
    assert.deepEqual(await runUntil(40 * 60_000), ['none']);
  });
});

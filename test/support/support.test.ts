import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaleNaN } from '@seahawks/model';
import { compareOutcomes, sameValue } from './compare-results.js';
import { alignRange, fillVariables, grafanaInterval, grafanaRateInterval, promDuration } from './grafana.js';
import { nodeDataRequests, planNodeData } from './node-data.js';
import type { QueryOutcome } from './prom-client.js';

const vector = (...points: Array<[Record<string, string>, string]>): QueryOutcome => ({
  ok: true,
  resultType: 'vector',
  result: points.map(([metric, v]) => ({ metric, value: [100, v] })),
});

describe('compareOutcomes', () => {
  it('treats NaN as equal to NaN and tolerates 1e-9 relative', () => {
    assert.ok(sameValue(NaN, NaN));
    assert.ok(sameValue(1, 1 + 1e-12));
    assert.ok(!sameValue(1, 1 + 1e-6));
    assert.ok(!sameValue(Infinity, -Infinity));
    assert.equal(compareOutcomes(vector([{ a: '1' }, 'NaN']), vector([{ a: '1' }, 'NaN'])), undefined);
  });

  it('reports label sets, values with their timestamps, and result types', () => {
    assert.match(
      compareOutcomes(vector([{ a: '1' }, '1']), vector([{ a: '2' }, '1']))!.message,
      /label sets differ/,
    );
    const diff = compareOutcomes(vector([{ a: '1' }, '1']), vector([{ a: '1' }, '2']))!;
    assert.deepEqual(diff.valueTimestamps, [100_000]);
    const scalar: QueryOutcome = { ok: true, resultType: 'scalar', result: [100, '1'] };
    assert.match(compareOutcomes(scalar, vector())!.message, /result types differ/);
  });

  it('checks order only when asked', () => {
    const ab = vector([{ a: '1' }, '1'], [{ a: '2' }, '2']);
    const ba = vector([{ a: '2' }, '2'], [{ a: '1' }, '1']);
    assert.equal(compareOutcomes(ab, ba), undefined);
    assert.ok(compareOutcomes(ab, ba, true));
  });
});

describe('Grafana helpers', () => {
  it('computes the step and $__rate_interval a panel gets', () => {
    const table: Array<[number, number, number]> = [
      [6 * 3_600_000, 20_000, 60_000],
      [24 * 3_600_000, 60_000, 75_000],
      [3_600_000, 15_000, 60_000],
    ];
    for (const [range, step, rate] of table) {
      assert.equal(grafanaInterval(range), step);
      assert.equal(grafanaRateInterval(step), rate);
    }
    assert.equal(promDuration(75_000), '1m15s');
    assert.deepEqual(alignRange(61_000, 179_000, 60_000), { start: 60_000, end: 120_000 });
    assert.equal(
      fillVariables('rate(x{instance="$node",job="$job"}[$__rate_interval])', {
        node: 'h:9100',
        job: 'node',
        rateIntervalMs: 75_000,
      }),
      'rate(x{instance="h:9100",job="node"}[1m15s])',
    );
  });
});

describe('node data generator', () => {
  const plan = planNodeData({ hosts: 3, hours: 0.5, seed: 7, startMs: Date.UTC(2030, 0, 1) });
  const all = [...nodeDataRequests(plan)];

  it('is deterministic', () => {
    const again = [
      ...nodeDataRequests(planNodeData({ hosts: 3, hours: 0.5, seed: 7, startMs: Date.UTC(2030, 0, 1) })),
    ];
    assert.deepEqual(again, all);
  });

  it('writes every series in time order, never on a whole second, with stale markers and resets', () => {
    const lastT = new Map<string, number>();
    const lastValue = new Map<string, number>();
    let stale = 0;
    let resets = 0;
    for (const request of all) {
      for (const s of request) {
        const key = JSON.stringify(s.labels);
        for (const x of s.samples) {
          const prevT = lastT.get(key);
          assert.ok(prevT === undefined || x.t > prevT, `${key} out of order at ${x.t}`);
          assert.notEqual(x.t % 1000, 0, 'a timestamp on a whole second');
          lastT.set(key, x.t);
          if (isStaleNaN(x.v)) {
            stale++;
            continue;
          }
          // Compared across stale markers: a reboot's reset shows on the first sample after it.
          const prev = lastValue.get(key);
          if (prev !== undefined && key.includes('_total') && x.v < prev) resets++;
          lastValue.set(key, x.v);
        }
      }
    }
    // Host 1 reboots, host 2 is removed, every host loses its veth: all of them leave markers.
    assert.ok(stale > 300, `only ${stale} stale markers`);
    assert.ok(resets > 50, `only ${resets} counter resets`);
  });
});

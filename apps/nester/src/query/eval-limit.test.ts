import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { ScriptRunner } from './conformance/runner.js';
import { parseScript } from './conformance/script.js';
import { engineOver, vectorList } from './testing/fixtures.js';
import { prometheusLabelsHash } from './xxhash64.js';

// Our own cases, in promqltest's script language, for the semantics of Prometheus' limit.test
// (whose load mixes in native histograms, so the conformance run skips it whole).
const SCRIPT = `
load 5m
	reqs{job="api", instance="0", group="production"}	0+10x10
	reqs{job="api", instance="1", group="production"}	0+20x10
	reqs{job="api", instance="0", group="canary"}	0+30x10
	reqs{job="api", instance="1", group="canary"}	0+40x10
	reqs{job="api", instance="2", group="canary"}	0+50x10
	reqs{job="api", instance="3", group="canary"}	0+60x10
	ramp 1+1x10
	wave 0 1 0 -1 0 1 0 -1 0 1 0

eval instant at 50m count(limitk by (group) (0, reqs))
    expect no_warn
    # empty

eval instant at 50m count(limitk(-1, reqs))
    # empty

eval instant at 50m count(limitk by (group) (1, reqs) and reqs)
    {} 2

eval instant at 50m count(limitk by (group) (3, reqs) and reqs)
    {} 5

eval instant at 50m count(limitk(100, reqs) and reqs)
    {} 6

eval range from 0 to 50m step 5m count(limitk(scalar(ramp), reqs))
    {} 1 2 3 4 5 6 6 6 6 6 6

eval range from 0 to 50m step 5m count(limitk(2, reqs) and reqs)
    {} 2+0x10

eval instant at 50m limitk(1, reqs{instance="3"})
    reqs{job="api", instance="3", group="canary"} 600

eval instant at 50m limitk(NaN, reqs)
    expect fail msg: Parameter value is NaN

eval range from 0 to 50m step 5m count(limit_ratio(0.0, reqs))
    # empty

eval range from 0 to 50m step 5m count(limit_ratio(1.0, reqs) and reqs)
    {} 6+0x10

eval range from 0 to 50m step 5m count(limit_ratio(-1.0, reqs) and reqs)
    {} 6+0x10

eval range from 0 to 50m step 5m count(limit_ratio(1.1, reqs) and reqs)
    expect warn msg: PromQL warning: ratio value should be between -1 and 1, got 1.1, capping to 1 (1:19)
    {} 6+0x10

eval range from 0 to 50m step 5m count(limit_ratio(-1.1, reqs) and reqs)
    expect warn msg: PromQL warning: ratio value should be between -1 and 1, got -1.1, capping to -1 (1:19)
    {} 6+0x10

eval range from 0 to 50m step 5m count(limit_ratio(0.3, reqs) or limit_ratio(-0.7, reqs))
    {} 6+0x10

eval range from 0 to 50m step 5m count(limit_ratio(0.3, reqs) and limit_ratio(-0.7, reqs))
    # empty

eval range from 0 to 50m step 5m count(limit_ratio(time() % 17/17, reqs) or limit_ratio( - (1.0 - (time() % 17/17)), reqs))
    {} 6+0x10

eval range from 0 to 50m step 5m count(limit_ratio(scalar(wave), reqs))
    {} _ 6 _ 6 _ 6 _ 6 _ 6 _

eval instant at 50m limit_ratio(NaN, reqs)
    expect fail msg: Ratio value is NaN
`;

describe('limitk and limit_ratio', () => {
  const commands = parseScript(SCRIPT);
  const runner = new ScriptRunner();
  let next = 0;
  for (const [index, cmd] of commands.entries()) {
    if (cmd.kind !== 'eval') continue;
    it(`line ${cmd.line}: ${cmd.query}`, async () => {
      for (; next < index; next++) {
        const c = commands[next]!;
        if (c.kind !== 'eval') await runner.apply(c);
      }
      next = index + 1;
      assert.deepEqual(await runner.run(cmd), { status: 'pass' });
    });
  }

  const hosts = Array.from({ length: 40 }, (_, i) => ({
    labels: { __name__: 'up', instance: `host-${i}`, job: 'node' },
    samples: [{ t: 0, v: i }],
  }));
  const offset = (labels: Record<string, string>) =>
    Number(prometheusLabelsHash(labelsFromRecord(labels))) / 2 ** 64;

  for (const r of [0.25, 0.5, -0.5]) {
    it(`limit_ratio(${r}) keeps exactly the series whose label hash falls in its share`, async () => {
      const { engine } = engineOver(hosts);
      const got = vectorList(await engine.instantQuery(`limit_ratio(${r}, up)`, 0)).map(([, v]) => v);
      const want = hosts
        .filter((h) => (r >= 0 ? offset(h.labels) < r : offset(h.labels) >= 1 + r))
        .map((h) => h.samples[0]!.v);
      assert.deepEqual(
        [...got].sort((a, b) => a - b),
        want,
      );
      assert.ok(want.length > 0 && want.length < hosts.length, 'the share is a proper subset');
    });
  }

  it('limitk keeps the first k series of each group in input order, values untouched', async () => {
    const { engine } = engineOver(hosts);
    const got = vectorList(await engine.instantQuery('limitk(3, up)', 0));
    assert.equal(got.length, 3);
    assert.ok(
      got.every(([labels]) => labels.startsWith('up{')),
      'the metric name stays',
    );
  });
});

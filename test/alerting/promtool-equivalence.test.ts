import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatLabels, labelsToRecord } from '@seahawks/model';
import { stringify } from 'yaml';
import { parseDuration } from '@seahawks/model';
import { engineQuery } from '../../apps/nester/src/alerting/rules/engine-query.js';
import { parseRuleFile } from '../../apps/nester/src/alerting/rules/rule-file.js';
import { RuleGroup } from '../../apps/nester/src/alerting/rules/rule-group.js';
import { MemoryStore } from '../../apps/nester/src/alerting/testing/memory-store.js';
import { createQueryEngine } from '../../apps/nester/src/query/index.js';
import { findPromtool, RULES, SERIES, STEP_MS, STEPS } from './equivalence-scenario.js';

/**
 * Rule evaluation against Prometheus' own: the nester's evaluator runs the rule file over the
 * scenario's series at every minute, and what it computed (firing alerts with their labels and
 * expanded annotations, the ALERTS and ALERTS_FOR_STATE series, recording rule output) becomes
 * the expectation of a `promtool test rules` file. promtool evaluates the same file over the
 * same series with Prometheus' rule engine and template expander (2.42 from Debian) and passes
 * only if every expectation holds: the two agree, time step by time step.
 */
describe('rule evaluation equals Prometheus (promtool test rules)', () => {
  let dir: string;
  const checks: { alerts: unknown[]; exprs: unknown[] } = { alerts: [], exprs: [] };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-promtool-'));
    const store = new MemoryStore();
    for (const s of SERIES) {
      const samples = s.values.flatMap((v, i) => (v === undefined ? [] : [{ t: i * STEP_MS, v }]));
      store.add({ labels: s.labels, samples });
    }
    const parsed = parseRuleFile('rules.yml', RULES);
    assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.problems));
    const groups = parsed.groups.map((g) => new RuleGroup(g, STEP_MS));
    const query = engineQuery(store, { lookbackDelta: '5m', timeout: '2m', maxSamples: 50_000_000 });
    const engine = createQueryEngine(store, { lookbackDeltaMs: parseDuration('5m') });
    for (let i = 0; i < STEPS; i++) {
      const ts = i * STEP_MS;
      for (const g of groups) {
        await g.evaluate(ts, { query, appender: store, context: { externalLabels: {}, externalUrl: '' } });
        for (const [k, st] of g.status.entries())
          assert.equal(st.health, 'ok', `rule ${g.rules[k]!.name}: ${st.lastError}`);
      }
      for (const r of groups.flatMap((g) => g.rules)) {
        if (r.kind !== 'alert') continue;
        const firing = [...r.active.values()].filter((a) => a.state === 'firing');
        checks.alerts.push({
          eval_time: `${i}m`,
          alertname: r.name,
          exp_alerts: firing.map((a) => ({
            exp_labels: labelsToRecord(a.labels.filter((l) => l.name !== 'alertname')),
            exp_annotations: a.annotations,
          })),
        });
      }
      for (const expr of ['ALERTS', 'ALERTS_FOR_STATE', 'instance:up:avg5m']) {
        const r = await engine.instantQuery(expr, ts);
        assert.equal(r.resultType, 'vector');
        if (r.resultType !== 'vector') continue;
        checks.exprs.push({
          expr,
          eval_time: `${i}m`,
          exp_samples: r.result.map((e) => ({ labels: formatLabels(e.labels), value: e.sample.v })),
        });
      }
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('agrees on every firing alert, its labels and annotations, and on the ALERTS series', async () => {
    const firingSteps = checks.alerts.filter((c) => (c as { exp_alerts: unknown[] }).exp_alerts.length > 0);
    assert.ok(firingSteps.length > 20, `the scenario fires alerts at ${firingSteps.length} steps`);
    await writeFile(join(dir, 'rules.yml'), RULES);
    const test = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: SERIES.map((s) => ({
            series: formatLabels(s.labels),
            values: s.values.map((v) => (v === undefined ? '_' : String(v))).join(' '),
          })),
          alert_rule_test: checks.alerts,
          promql_expr_test: checks.exprs,
        },
      ],
    };
    await writeFile(join(dir, 'test.yml'), stringify(test, { lineWidth: 0 }));
    const r = spawnSync(await findPromtool(), ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, `promtool disagrees:\n${(r.stdout + r.stderr).slice(0, 6000)}`);
  });
});

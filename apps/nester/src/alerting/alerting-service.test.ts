import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isStaleNaN, labelsFromRecord } from '@seahawks/model';
import { alertingFixture, MemoryStore } from './testing/memory-store.js';
import type { AlertingFixture } from './testing/memory-store.js';

const RULES = `groups:
  - name: test
    interval: 10s
    rules:
      - record: instance:up:sum
        expr: sum by (instance) (up)
      - alert: InstanceDown
        expr: instance:up:sum == 0
        for: 30s
        keep_firing_for: 20s
        labels:
          severity: "{{ if eq $labels.instance \\"a\\" }}page{{ else }}ticket{{ end }}"
        annotations:
          summary: "{{ $labels.instance }} down, value {{ $value }}"
`;

describe('alerting service: states, series and persistence on an injected clock', () => {
  let dir: string;
  let f: AlertingFixture;
  const T0 = 1_700_000_000_000;

  const setUp = (store: MemoryStore, instance: string, from: number, to: number, v: number): void => {
    const samples = [];
    for (let t = from; t <= to; t += 5_000) samples.push({ t, v });
    store.add({ labels: { __name__: 'up', instance, job: 'node' }, samples });
  };
  const alert = () => {
    const g = f.service.groups()[0]!;
    const r = g.rules[1]!;
    assert.equal(r.kind, 'alert');
    return r.kind === 'alert' ? [...r.active.values()] : [];
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-alerting-'));
    await writeFile(join(dir, 'rules.yml'), RULES);
    f = await alertingFixture(
      dir,
      { ruleFiles: [join(dir, 'rules.yml')], builtinRules: { enabled: false } },
      { startMs: T0 },
    );
  });
  afterEach(async () => {
    await f.service.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('goes pending, firing after `for`, keeps firing for keep_firing_for, then resolves', async () => {
    setUp(f.store, 'a', T0 - 60_000, T0 + 60_000, 0);
    setUp(f.store, 'a', T0 + 65_000, T0 + 600_000, 1);
    await f.advance(0);
    const [a] = alert();
    assert.equal(a?.state, 'pending');
    const activeAt = a.activeAt;
    assert.deepEqual(a.annotations, { summary: 'a down, value 0' });
    assert.equal(a.labels.find((l) => l.name === 'severity')?.value, 'page');
    for (let i = 0; i < 3; i++) await f.advance(10_000);
    assert.equal(alert()[0]!.state, 'firing');
    assert.equal(alert()[0]!.firedAt, activeAt + 30_000);
    // The condition clears at T0+65 s; keep_firing_for holds it 20 s more.
    while (f.now < T0 + 70_000) await f.advance(10_000);
    assert.equal(alert()[0]!.state, 'firing');
    while (f.now < T0 + 100_000) await f.advance(10_000);
    assert.equal(alert()[0]!.state, 'inactive');
    assert.ok(alert()[0]!.resolvedAt > 0);
    // Prometheus writes ALERTS with the state, ALERTS_FOR_STATE with activeAt in seconds.
    const base = { alertname: 'InstanceDown', instance: 'a', severity: 'page' };
    const pending = f.store.samplesOf(
      labelsFromRecord({ ...base, __name__: 'ALERTS', alertstate: 'pending' }),
    );
    const firing = f.store.samplesOf(labelsFromRecord({ ...base, __name__: 'ALERTS', alertstate: 'firing' }));
    const forState = f.store.samplesOf(labelsFromRecord({ ...base, __name__: 'ALERTS_FOR_STATE' }));
    assert.equal(pending.filter((s) => s.v === 1).length, 3);
    assert.ok(isStaleNaN(pending[3]!.v), 'the pending series goes stale when the alert fires');
    assert.ok(firing.some((s) => s.v === 1));
    assert.ok(isStaleNaN(firing[firing.length - 1]!.v), 'the firing series goes stale once resolved');
    assert.equal(forState[0]!.v, Math.floor(activeAt / 1000));
  });

  it('keeps `for` counting across a restart (state in the data directory)', async () => {
    setUp(f.store, 'b', T0 - 60_000, T0 + 600_000, 0);
    await f.advance(0);
    await f.advance(10_000);
    const activeAt = alert()[0]!.activeAt;
    await f.service.close();
    const again = await alertingFixture(
      dir,
      { ruleFiles: [join(dir, 'rules.yml')], builtinRules: { enabled: false } },
      { startMs: f.now + 10_000, store: f.store },
    );
    f = again;
    assert.equal(alert()[0]!.activeAt, activeAt);
    await f.advance(0);
    await f.advance(10_000);
    assert.equal(alert()[0]!.state, 'firing');
    assert.equal(alert()[0]!.activeAt, activeAt);
  });

  it('refuses an invalid edit whole and keeps running the previous rules', async () => {
    const file = join(dir, 'rules.yml');
    const problems = await f.service.writeFile(file, RULES.replace('for: 30s', 'for: soon'));
    assert.equal(problems.length, 1);
    assert.deepEqual(
      { line: problems[0]!.line, group: problems[0]!.group, rule: problems[0]!.rule },
      { line: 9, group: 'test', rule: 'InstanceDown' },
    );
    assert.match(problems[0]!.reason, /not a valid duration string: "soon"/);
    const rules = f.service.groups()[0]!.rules;
    assert.equal(rules.length, 2);
    const rule = rules[1]!;
    assert.equal(rule.kind === 'alert' ? rule.spec.forMs : undefined, 30_000);
  });

  it('marks a failing rule with its error and evaluates the others', async () => {
    const file = join(dir, 'rules.yml');
    const bad = `groups:\n  - name: g\n    rules:\n      - record: x\n        expr: label_replace(up, "a", "b", "c", "(")\n      - alert: Ok\n        expr: vector(1)\n`;
    assert.deepEqual(await f.service.writeFile(file, bad), []);
    await f.advance(0);
    const g = f.service.groups()[0]!;
    assert.equal(g.status[0]!.health, 'err');
    assert.match(g.status[0]!.lastError, /invalid regular expression/);
    assert.equal(g.status[1]!.health, 'ok');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLoadedFleet } from '../support/fleet.js';
import type { LoadedFleet } from '../support/fleet.js';
import { corpusChecks, dashboardChecks } from './checks.js';
import { describeFailures, isFailure, runChecks, summarize } from './run-checks.js';
import type { CheckResult } from './run-checks.js';

/**
 * Differential test: the same node_exporter-shaped data (6 hosts, 2 h, with a reboot, a removed
 * host, an exporter restart, devices that come and go) written into a real Prometheus 2.42 and a
 * real nester process, then the Node Exporter Full dashboard's queries and a hand-written corpus
 * asked of both over HTTP. Every answer must agree: same result type, same label sets, values
 * within 1e-9 relative. Known 2-vs-3 differences are excluded in corpus.ts and documented in
 * docs/promql-differences.md.
 */
describe('differential: nester vs Prometheus 2.42 on node_exporter data', { timeout: 170_000 }, () => {
  let fleet: LoadedFleet | undefined;
  const all: CheckResult[] = [];
  let excluded = 0;

  before(async () => {
    fleet = await startLoadedFleet({ hosts: 6, hours: 2, seed: 1860 });
  });

  after(async () => {
    if (all.length > 0) {
      console.log(`\nPromQL differential summary (${excluded} corpus cases excluded, see corpus.ts):`);
      for (const line of summarize(all)) console.log(`  ${line}`);
    }
    await fleet?.stop();
  });

  const check = (results: CheckResult[]): void => {
    all.push(...results);
    const bad = results.filter(isFailure);
    assert.equal(
      bad.length,
      0,
      `${bad.length} of ${results.length} answers differ:\n${describeFailures(bad)}`,
    );
  };

  it('wrote the same data into both', () => {
    const f = fleet!;
    assert.ok(f.written.samples > 500_000, `only ${f.written.samples} samples written`);
    assert.match(f.prometheus.version, /^2\.42\./, 'the oracle is the Debian package, Prometheus 2.42');
  });

  it('answers the Node Exporter Full dashboard like Prometheus', async () => {
    const f = fleet!;
    const checks = dashboardChecks(f.plan, ['host-0:9100', 'host-1:9100', 'host-2:9100', 'host-3:9100']);
    check(await runChecks(checks, f.targets.prometheus, f.targets.nester, f.plan));
  });

  it('answers the corpus like Prometheus', async () => {
    const f = fleet!;
    const { checks, excluded: skipped } = corpusChecks(f.plan);
    excluded = skipped;
    check(await runChecks(checks, f.targets.prometheus, f.targets.nester, f.plan));
  });
});

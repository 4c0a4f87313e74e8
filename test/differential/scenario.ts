import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLoadedFleet } from '../support/fleet.js';
import type { FleetOptions, LoadedFleet } from '../support/fleet.js';
import { corpusChecks, dashboardChecks } from './checks.js';
import { describeFailures, isFailure, runChecks, summarize } from './run-checks.js';
import type { CheckResult } from './run-checks.js';

/** Where the nester under test keeps its samples, set up before it starts. */
export interface NesterStorage {
  /** Extra arguments for `nester serve` (e.g. `--config` naming a config file). */
  readonly nesterArgs: readonly string[];
  /** Removes whatever the setup made. Idempotent, never throws. */
  stop(): Promise<void>;
}

export interface DifferentialOptions {
  /** Name of the describe block. */
  readonly title: string;
  readonly timeoutMs: number;
  readonly fleet: Omit<FleetOptions, 'nesterArgs'>;
  /** The write must have carried more samples than this. */
  readonly minSamples: number;
  /** Instances whose Node Exporter Full dashboard is asked. */
  readonly dashboardHosts: readonly string[];
  /** Storage other than the default embedded engine in a temporary data directory. */
  readonly storage?: () => Promise<NesterStorage>;
}

/**
 * The differential scenario: generated node_exporter data written into a real Prometheus 2.42
 * and a real nester, then the Node Exporter Full dashboard's queries and the corpus asked of
 * both. Every mismatch must be a documented difference (known-differences.ts).
 */
export function describeDifferential(o: DifferentialOptions): void {
  describe(o.title, { timeout: o.timeoutMs }, () => {
    let storage: NesterStorage | undefined;
    let fleet: LoadedFleet | undefined;
    const all: CheckResult[] = [];
    let excluded = 0;

    before(async () => {
      storage = await o.storage?.();
      fleet = await startLoadedFleet({ ...o.fleet, nesterArgs: storage?.nesterArgs ?? [] });
    });

    after(async () => {
      if (all.length > 0) {
        console.log(`\nPromQL differential summary (${excluded} corpus cases excluded, see corpus.ts):`);
        for (const line of summarize(all)) console.log(`  ${line}`);
      }
      await fleet?.stop();
      await storage?.stop();
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
      assert.ok(f.written.samples > o.minSamples, `only ${f.written.samples} samples written`);
      assert.match(f.prometheus.version, /^2\.42\./, 'the oracle is the Debian package, Prometheus 2.42');
    });

    it('answers the Node Exporter Full dashboard like Prometheus', async () => {
      const f = fleet!;
      const checks = dashboardChecks(f.plan, o.dashboardHosts);
      check(await runChecks(checks, f.targets.prometheus, f.targets.nester, f.plan));
    });

    it('answers the corpus like Prometheus', async () => {
      const f = fleet!;
      const { checks, excluded: skipped } = corpusChecks(f.plan);
      excluded = skipped;
      check(await runChecks(checks, f.targets.prometheus, f.targets.nester, f.plan));
    });
  });
}

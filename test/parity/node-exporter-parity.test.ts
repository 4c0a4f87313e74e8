// Parity with the real node_exporter on this machine: the harvester collects (in process, over
// the real /proc and /sys) just before and just after one scrape of a node_exporter started
// with the same collectors and filters, and the three expositions, parsed by the strict
// text-format parser, must agree — (a) families, TYPE, HELP and label names, (b) series,
// (c) gauge values within their tolerance, (d) counter values between the harvester's two
// readings, which never decrease. Differences on purpose are in known-differences.ts.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { collectAll, type CollectContext } from '../../apps/harvester/src/collectors/collector.js';
import { reportCollectorFailure } from '../../apps/harvester/src/collectors/failure-report.js';
import { createCollectors } from '../../apps/harvester/src/collectors/registry.js';
import { formatText } from '../../apps/harvester/src/exposition/text-format.js';
import { parseTextFormat, type ParsedFamily } from '../../apps/harvester/src/exposition/text-parse.js';
import {
  compareParity,
  describeMismatches,
  summarizeParity,
  type ParityResult,
} from '../../apps/harvester/src/parity/compare-parity.js';
import {
  startNodeExporter,
  type RunningNodeExporter,
} from '../../apps/harvester/src/parity/node-exporter.js';
import type { ParityDifference } from '../../apps/harvester/src/parity/parity-types.js';
import { ALLOWANCES, EXCLUSIONS } from './known-differences.js';
import { TOLERANCES } from './tolerances.js';

const HOST: CollectContext = { procRoot: '/proc', sysRoot: '/sys', rootfs: '/' };
const DOC = new URL('../../docs/node-exporter-parity.md', import.meta.url);
// Text files of every type, read by both textfile collectors (paths and mtimes agree).
const TEXTFILE_DIRECTORY = fileURLToPath(new URL('testdata/', import.meta.url)).replace(/\/$/, '');

describe('parity with node_exporter (prometheus-node-exporter) on this machine', () => {
  let nodeExporter: RunningNodeExporter | undefined;
  let result: ParityResult | undefined;
  const collectorErrors = new Set<string>();

  before(async () => {
    // Every collector the harvester runs by default, plus processes (off by default on both
    // sides) so that it is compared too; timex cannot run in Node and stays off on both.
    const collectors = createCollectors(
      { enable: ['processes'] },
      { textfile: { directories: [TEXTFILE_DIRECTORY] } },
    );
    nodeExporter = await startNodeExporter({
      collectors: collectors.map((c) => c.name),
      textfileDirectory: TEXTFILE_DIRECTORY,
    });
    const harvest = async (): Promise<ParsedFamily[]> => {
      const families = await collectAll(
        collectors,
        HOST,
        () => performance.now(),
        (name, err) => {
          collectorErrors.add(reportCollectorFailure(name, err).message);
        },
      );
      return parseTextFormat(formatText(families), { source: 'the harvester', strict: true });
    };
    // A first round warms the code up, so the two compared rounds sit close around the scrape.
    await harvest();
    const harvesterBefore = await harvest();
    const scraped = await nodeExporter.scrape();
    const harvesterAfter = await harvest();
    const nodeExporterFamilies = parseTextFormat(scraped, { source: nodeExporter.metricsUrl, strict: true });
    result = compareParity(
      { nodeExporter: nodeExporterFamilies, harvesterBefore, harvesterAfter },
      { exclusions: EXCLUSIONS, allowances: ALLOWANCES, tolerances: TOLERANCES },
    );
  });

  after(async () => {
    await nodeExporter?.stop();
    // A collector failing on both sides is parity (conntrack without the module); the
    // reasons help to read a node_scrape_collector_success mismatch.
    for (const message of collectorErrors) console.log(`harvester: ${message}`);
    if (result !== undefined) {
      console.log(summarizeParity(result));
      const counts = new Map<string, number>();
      for (const a of result.allowed)
        counts.set(a.allowance.reason, (counts.get(a.allowance.reason) ?? 0) + 1);
      for (const [reason, n] of counts) console.log(`  allowed ×${n}: ${reason}`);
    }
  });

  const mismatches = (
    kinds: ReadonlyArray<ParityDifference['kind']>,
    counter?: boolean,
  ): ParityDifference[] => {
    assert.ok(result !== undefined, 'the comparison ran');
    return result.mismatches.filter(
      (d) => kinds.includes(d.kind) && (counter === undefined || d.kind !== 'value' || d.counter === counter),
    );
  };
  const assertNone = (found: ParityDifference[], what: string): void => {
    assert.equal(found.length, 0, `${found.length} ${what}:\n${describeMismatches(found)}`);
  };

  it('compares a real exposition: many families and series', () => {
    assert.ok(result !== undefined);
    assert.ok(result.familiesCompared >= 50, `${result.familiesCompared} families compared`);
    assert.ok(result.seriesCompared >= 200, `${result.seriesCompared} series compared`);
  });

  it('(a) has the same families, types, HELP texts and label names', () => {
    assertNone(mismatches(['family', 'type', 'help', 'label']), 'differences of families or label names');
  });

  it('(b) has the same series', () => {
    assertNone(mismatches(['series']), 'series on one side only');
  });

  it('(c) reads gauges that agree within their tolerance', () => {
    assertNone(mismatches(['value'], false), 'gauge values apart');
  });

  it('(d) reads counters that agree and never decrease', () => {
    assertNone(mismatches(['value', 'decrease'], true), 'counter values apart or decreasing');
  });

  it('names every exclusion and deliberate difference in docs/node-exporter-parity.md', async () => {
    const doc = await readFile(DOC, 'utf8');
    const missing = [...EXCLUSIONS, ...ALLOWANCES].map((e) => e.reason).filter((r) => !doc.includes(r));
    assert.deepEqual(missing, [], 'reasons missing from the doc');
  });
});

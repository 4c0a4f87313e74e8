import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTextFormat } from '../exposition/text-parse.js';
import { compareParity, summarizeParity, type ParityRules } from './compare-parity.js';
import { describeDifference, familyMatches, type Allowance, type ToleranceRule } from './parity-types.js';

// Three tiny expositions per case: node_exporter's scrape between the harvester's two
// collections. Each case names the differences it expects, as describeDifference words them.

const NONE: ParityRules = { exclusions: [], allowances: [], tolerances: [] };

interface Case {
  name: string;
  ne: string;
  before: string;
  after?: string;
  rules?: Partial<ParityRules>;
  mismatches: string[];
  allowed?: number;
}

const g = (name: string, body: string): string => `# HELP ${name} h\n# TYPE ${name} gauge\n${body}\n`;
const c = (name: string, body: string): string => `# HELP ${name} h\n# TYPE ${name} counter\n${body}\n`;

const RULES: readonly ToleranceRule[] = [
  {
    family: 'mem_free',
    tolerance: { kind: 'share', of: 'mem_total', fraction: 0.01 },
    reason: '1 % of total',
  },
  { family: /load(1|5)/, tolerance: { kind: 'absolute', delta: 0.5 }, reason: 'load' },
  { family: 'freq', tolerance: { kind: 'relative', fraction: 0.1 }, reason: '10 %' },
  { family: 'untyped_counter', tolerance: { kind: 'counter' }, reason: 'a counter' },
];

const CASES: Case[] = [
  { name: 'identical expositions', ne: g('a', 'a{x="1"} 1'), before: g('a', 'a{x="1"} 1'), mismatches: [] },
  {
    name: 'a family on one side',
    ne: g('a', 'a 1') + g('b', 'b 1'),
    before: g('a', 'a 1') + g('c', 'c 1'),
    mismatches: ['family b only in node_exporter', 'family c only in harvester'],
  },
  {
    name: 'type and HELP',
    ne: g('a', 'a 1'),
    before: '# HELP a other\n# TYPE a counter\na 1\n',
    mismatches: [
      'a: type gauge in node_exporter, counter in harvester',
      'a: HELP "h" in node_exporter, "other" in harvester',
    ],
  },
  {
    name: 'a label and so every series on one side',
    ne: g('a', 'a{x="1"} 1'),
    before: g('a', 'a{x="1",y="2"} 1'),
    mismatches: [
      'a: label y only in harvester',
      'series a{x="1"} only in node_exporter',
      'series a{x="1",y="2"} only in harvester',
    ],
  },
  {
    name: 'an allowed label is left out and the values still compared',
    ne: g('a', 'a{x="1"} 1'),
    before: g('a', 'a{x="1",y="2"} 2'),
    rules: { allowances: [{ kind: 'label', family: 'a', label: 'y', only: 'harvester', reason: 'r' }] },
    mismatches: ['a{x="1"}: node_exporter 1, harvester 2 then 2, allowed [2, 2] (exact)'],
    allowed: 1,
  },
  {
    name: 'a series on one side',
    ne: g('a', 'a{x="1"} 1\na{x="2"} 1'),
    before: g('a', 'a{x="1"} 1\na{x="3"} 1'),
    mismatches: ['series a{x="2"} only in node_exporter', 'series a{x="3"} only in harvester'],
  },
  {
    name: 'a series that comes or goes between the two readings is not a difference',
    ne: g('a', 'a{k="came"} 1\na{k="stays"} 1'),
    before: g('a', 'a{k="went"} 1\na{k="stays"} 1'),
    after: g('a', 'a{k="came"} 1\na{k="stays"} 1'),
    mismatches: [],
  },
  {
    name: 'a series node_exporter lacks while the harvester keeps it is a difference',
    ne: g('a', 'a{k="stays"} 1'),
    before: g('a', 'a{k="kept"} 1\na{k="stays"} 1'),
    after: g('a', 'a{k="kept"} 1\na{k="stays"} 1'),
    mismatches: ['series a{k="kept"} only in harvester'],
  },
  {
    name: 'excluded families are not compared',
    ne: g('go_goroutines', 'go_goroutines 7') + g('a', 'a 1'),
    before: g('a', 'a 1'),
    rules: { exclusions: [{ family: /go_.*/, reason: 'go' }] },
    mismatches: [],
  },
  {
    name: 'a counter between the two readings, or a quarter of their gap beyond',
    ne: c('n', 'n{k="in"} 15\nn{k="edge"} 22.5\nn{k="out"} 23'),
    before: c('n', 'n{k="in"} 10\nn{k="edge"} 10\nn{k="out"} 10'),
    after: c('n', 'n{k="in"} 20\nn{k="edge"} 20\nn{k="out"} 20'),
    mismatches: [
      'n{k="out"}: node_exporter 23, harvester 10 then 20, allowed [7.5, 22.5] (counter: between the two readings ± a quarter of their gap)',
    ],
  },
  {
    name: 'a counter of the harvester that goes down',
    ne: c('n', 'n 10'),
    before: c('n', 'n 10'),
    after: c('n', 'n 9') + c('m', 'm 1'),
    mismatches: ["n{}: the harvester's counter went down from 10 to 9"],
  },
  {
    name: 'an untyped family with a counter rule is checked for decreases too',
    ne: 'untyped_counter 5\n',
    before: 'untyped_counter 5\n',
    after: 'untyped_counter 4\n',
    rules: { tolerances: RULES },
    mismatches: ["untyped_counter{}: the harvester's counter went down from 5 to 4"],
  },
  {
    name: 'a gauge without a rule may lie between the two readings, not beyond',
    ne: g('a', 'a{k="in"} 1.5\na{k="out"} 2.001'),
    before: g('a', 'a{k="in"} 1\na{k="out"} 1'),
    after: g('a', 'a{k="in"} 2\na{k="out"} 2'),
    mismatches: ['a{k="out"}: node_exporter 2.001, harvester 1 then 2, allowed [1, 2] (exact)'],
  },
  {
    name: 'share, absolute and relative tolerances',
    ne:
      g('mem_total', 'mem_total 1000') +
      g('mem_free', 'mem_free 511') +
      g('load1', 'load1 2.4') +
      g('load5', 'load5 2.6') +
      g('freq', 'freq 111'),
    before:
      g('mem_total', 'mem_total 1000') +
      g('mem_free', 'mem_free 500') +
      g('load1', 'load1 2') +
      g('load5', 'load5 2') +
      g('freq', 'freq 100'),
    rules: { tolerances: RULES },
    mismatches: [
      'freq{}: node_exporter 111, harvester 100 then 100, allowed [90, 110] (within 10 %)',
      'load5{}: node_exporter 2.6, harvester 2 then 2, allowed [1.5, 2.5] (within 0.5)',
      'mem_free{}: node_exporter 511, harvester 500 then 500, allowed [490, 510] (within 1 % of mem_total)',
    ],
  },
  {
    name: 'NaN equals NaN',
    ne: g('a', 'a NaN'),
    before: g('a', 'a NaN'),
    mismatches: [],
  },
];

describe('compareParity', () => {
  for (const tc of CASES) {
    it(tc.name, () => {
      const parse = (text: string): ReturnType<typeof parseTextFormat> =>
        parseTextFormat(text, { strict: true });
      const result = compareParity(
        {
          nodeExporter: parse(tc.ne),
          harvesterBefore: parse(tc.before),
          harvesterAfter: parse(tc.after ?? tc.before),
        },
        { ...NONE, ...tc.rules },
      );
      const round = (s: string): string =>
        s.replace(/\d+\.\d{6,}/g, (n) => String(Number(Number(n).toFixed(4))));
      assert.deepEqual(
        result.mismatches.map(describeDifference).map(round).sort(),
        [...tc.mismatches].sort(),
      );
      assert.equal(result.allowed.length, tc.allowed ?? 0);
    });
  }

  it('allows a difference only when kind, family, side, label and labels all match', () => {
    const allowance: Allowance = {
      kind: 'value',
      family: 'success',
      labels: { collector: 'hwmon' },
      reason: 'hwmon',
    };
    const result = compareParity(
      {
        nodeExporter: parseTextFormat('success{collector="hwmon"} 0\nsuccess{collector="cpu"} 0\n'),
        harvesterBefore: parseTextFormat('success{collector="hwmon"} 1\nsuccess{collector="cpu"} 1\n'),
        harvesterAfter: parseTextFormat('success{collector="hwmon"} 1\nsuccess{collector="cpu"} 1\n'),
      },
      { ...NONE, allowances: [allowance] },
    );
    assert.deepEqual(
      result.allowed.map((a) => a.difference.kind === 'value' && a.difference.labels.collector),
      ['hwmon'],
    );
    assert.equal(result.mismatches.length, 1);
    assert.match(
      summarizeParity(result),
      /^parity: 1 families compared, 2 series compared, 1 mismatches \(1 allowed differences under 1 allowances; 0 families excluded by rule\)$/,
    );
  });

  it('matches a family pattern against the whole name, whatever alternative comes first', () => {
    const pattern = /node_processes_(threads|threads_state)/;
    assert.equal(familyMatches(pattern, 'node_processes_threads_state'), true);
    assert.equal(familyMatches(pattern, 'node_processes_threads'), true);
    assert.equal(familyMatches(pattern, 'node_processes_threads_x'), false);
    assert.equal(familyMatches(/load/, 'node_load1'), false);
  });
});

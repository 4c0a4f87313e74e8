import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLabels, isStaleNaN } from '@seahawks/model';
import { parseSeriesLine, parseSeriesValues } from './series-desc.js';
import type { SeqValue } from './series-desc.js';

const show = (values: SeqValue[]) =>
  values.map((v) =>
    v.kind === 'float' ? (isStaleNaN(v.v) ? 'stale' : v.v) : v.kind === 'omitted' ? '_' : 'h',
  );

describe('series descriptions', () => {
  const cases: Array<[string, Array<number | string>]> = [
    ['1 2 3', [1, 2, 3]],
    ['1+1x3', [1, 2, 3, 4]],
    ['10-2x2', [10, 8, 6]],
    ['5x2', [5, 5, 5]],
    ['0x3', [0, 0, 0, 0]],
    ['_ _x2 stale', ['_', '_', '_', 'stale']],
    ['-2+0.5x1 Inf -Inf', [-2, -1.5, Infinity, -Infinity]],
    ['{{schema:0 sum:1 count:1}}x2 1', ['h', 'h', 'h', 1]],
  ];
  for (const [text, want] of cases) {
    it(text, () => assert.deepEqual(show(parseSeriesValues(text)), want));
  }

  it('reads NaN', () => assert.ok(Number.isNaN((parseSeriesValues('NaN')[0] as { v: number }).v)));

  const lines: Array<[string, string, string]> = [
    ['up{job="a", instance="b"} 1 2', 'up{instance="b", job="a"}', '1 2'],
    ['{} 3', '{}', '3'],
    ['{__name__="x", "a.b"="c\\"d"} 0', 'x{a.b="c\\"d"}', '0'],
    ["m{l='v'}", 'm{l="v"}', ''],
  ];
  for (const [line, labels, rest] of lines) {
    it(`splits ${line}`, () => {
      const got = parseSeriesLine(line);
      assert.equal(formatLabels(got.labels), labels);
      assert.equal(got.rest, rest);
    });
  }
});

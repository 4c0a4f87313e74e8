import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExpr, PromQLParseError } from './parser.js';
import { formatExpr } from './printer.js';
import { withoutPositions } from './test-support.js';

// Pieces of PromQL, valid and not, glued at random: whatever comes out, the parser must
// either return a tree that survives formatting or throw a PromQLParseError, never anything else.
const PIECES = [
  'foo',
  'bar:baz',
  'sum',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'bool',
  'offset',
  'and',
  'or',
  'rate',
  'topk',
  'count_values',
  'histogram_quantile',
  'label_join',
  'time',
  'start',
  'step',
  'fill',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '=',
  '!=',
  '=~',
  '!~',
  '+',
  '-',
  '*',
  '/',
  '^',
  '%',
  '==',
  '>',
  '<=',
  '@',
  '"a"',
  "'b'",
  '`c`',
  '"\\x"',
  '1',
  '0x1F',
  '.5',
  '1e3',
  'Inf',
  'NaN',
  '5m',
  '1h30m',
  '5mm',
  ' ',
  ' ',
  ' ',
  '\n',
  '# c\n',
  'é',
  '$',
  '"\\u00e9"',
  'atan2',
  'le',
  '__name__',
  '</',
];

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('robustness', () => {
  it('rejects or round-trips random token soup', () => {
    const next = random(42);
    let parsed = 0;
    for (let i = 0; i < 20_000; i++) {
      const n = 1 + Math.floor(next() * 12);
      const query = Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
      try {
        const expr = parseExpr(query);
        parsed++;
        assert.deepEqual(withoutPositions(parseExpr(formatExpr(expr))), withoutPositions(expr), query);
      } catch (err) {
        if (!(err instanceof PromQLParseError)) assert.fail(`${JSON.stringify(query)}: ${String(err)}`);
      }
    }
    assert.ok(parsed > 100, `only ${parsed} random queries parsed`);
  });
});

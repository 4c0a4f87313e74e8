import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from './ast.js';
import { parseExpr } from './parser.js';
import { formatExpr } from './printer.js';
import { withoutPositions } from './test-support.js';

describe('formatExpr: canonical PromQL', () => {
  const cases: Array<[query: string, canonical: string]> = [
    ['foo', 'foo'],
    ['{__name__="foo"}', 'foo'],
    ['foo{ a = "b" , c =~ \'d\' }', 'foo{a="b",c=~"d"}'],
    ['{"my.metric", "k.8"!="v"}', '{__name__="my.metric","k.8"!="v"}'],
    ['{__name__=~"a|b"}', '{__name__=~"a|b"}'],
    ['{__name__="a", __name__=~"b"}', '{__name__="a",__name__=~"b"}'],
    ['foo{a="\\n\\"\\\\"}', 'foo{a="\\n\\"\\\\"}'],
    ['foo{a=`raw\\d`}', 'foo{a="raw\\\\d"}'],
    ['x[1m0s]', 'x[1m]'],
    ['x[90s] offset 1h30m', 'x[1m30s] offset 1h30m'],
    ['x offset -5m @ 1609746000', 'x @ 1609746000.000 offset -5m'],
    ['x @ end() offset 1d', 'x @ end() offset 1d'],
    ['x[5m] @ start()', 'x[5m] @ start()'],
    ['rate(x[5m])[1h:1m] offset 5m', 'rate(x[5m])[1h:1m] offset 5m'],
    ['rate(x[5m])[1h:]', 'rate(x[5m])[1h:]'],
    ['SUM(x) BY (a,b)', 'sum by (a, b) (x)'],
    ['sum by (a) (x)', 'sum by (a) (x)'],
    ['sum without () (x)', 'sum without () (x)'],
    ['sum by () (x)', 'sum(x)'],
    ['sum by ("a.b") (x)', 'sum by ("a.b") (x)'],
    ['sum by ("without", "Inf", on, offset) (x)', 'sum by ("without", "Inf", on, offset) (x)'],
    ['{__name__="on"} + {__name__="Inf"} + by', '{__name__="on"} + {__name__="Inf"} + by'],
    ['topk(5,x)', 'topk(5, x)'],
    ['count_values("v",x)', 'count_values("v", x)'],
    ['a+on(b)group_left(c)d', 'a + on (b) group_left (c) d'],
    ['a * ignoring(b) group_right d', 'a * ignoring (b) group_right () d'],
    ['a / on() b', 'a / on () b'],
    ['a + ignoring() b', 'a + b'],
    ['a>bool 1', 'a > bool 1'],
    ['a AND b', 'a and b'],
    ['a atan2 b', 'a atan2 b'],
    ['-(1)', '-(1)'],
    ['-2^2', '-2 ^ 2'],
    ['(-2)^2', '(-2) ^ 2'],
    ['- -a', '--a'],
    ['5m', '300'],
    ['1e3', '1000'],
    ['1e-9', '1e-9'],
    ['Inf + -Inf + NaN', 'Inf + -Inf + NaN'],
    ['0x10', '16'],
    ["'it\\'s'", '"it\'s"'],
    ['"é\\x00"', '"é\\x00"'],
    ['rate(x[26m+4m])', 'rate(x[30m])'],
    ['holt_winters(x[5m], 0.5, 0.1)', 'holt_winters(x[5m], 0.5, 0.1)'],
  ];
  for (const [query, canonical] of cases) {
    it(query, () => {
      const expr = parseExpr(query);
      assert.equal(formatExpr(expr), canonical);
      assert.deepEqual(withoutPositions(parseExpr(canonical)), withoutPositions(expr));
    });
  }
});

describe('formatExpr: trees built by hand', () => {
  const pos = { start: 0, end: 0 };
  const num = (value: number): Expr => ({ type: 'number', value, pos });
  const sel = (name: string): Expr => ({
    type: 'vectorSelector',
    name,
    matchers: [{ type: '=', name: '__name__', value: name }],
    offsetMs: 0,
    at: undefined,
    pos,
  });
  const bin = (op: '+' | '*' | '^' | '-', lhs: Expr, rhs: Expr): Expr => ({
    type: 'binary',
    op,
    lhs,
    rhs,
    returnBool: false,
    matching: undefined,
    pos,
  });
  const neg = (expr: Expr): Expr => ({ type: 'unary', op: '-', expr, pos });
  const cases: Array<[title: string, expr: Expr, text: string]> = [
    ['lower precedence on the left', bin('*', bin('+', num(1), num(2)), num(3)), '(1 + 2) * 3'],
    ['lower precedence on the right', bin('*', num(3), bin('+', num(1), num(2))), '3 * (1 + 2)'],
    ['left-associative right operand', bin('-', num(1), bin('-', num(2), num(3))), '1 - (2 - 3)'],
    ['right-associative left operand', bin('^', bin('^', num(2), num(3)), num(2)), '(2 ^ 3) ^ 2'],
    ['right-associative right operand', bin('^', num(2), bin('^', num(3), num(2))), '2 ^ 3 ^ 2'],
    ['negative base of ^', bin('^', num(-2), num(2)), '(-2) ^ 2'],
    ['negated base of ^', bin('^', neg(sel('a')), num(2)), '(-a) ^ 2'],
    ['negated sum', neg(bin('+', sel('a'), sel('b'))), '-(a + b)'],
    ['negated power', neg(bin('^', sel('a'), num(2))), '-a ^ 2'],
    [
      'subquery of a sum',
      {
        type: 'subquery',
        expr: bin('+', sel('a'), sel('b')),
        rangeMs: 60_000,
        stepMs: 0,
        offsetMs: 0,
        at: undefined,
        pos,
      },
      '(a + b)[1m:]',
    ],
  ];
  for (const [title, expr, text] of cases) {
    it(title, () => {
      assert.equal(formatExpr(expr), text);
      assert.equal(formatExpr(parseExpr(text)), text);
    });
  }
});

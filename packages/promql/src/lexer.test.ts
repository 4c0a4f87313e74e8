import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lexer } from './lexer.js';
import { describeToken } from './tokens.js';

/** All tokens as `kind:text`, up to and including the end or an error. */
function lex(input: string): string[] {
  const lexer = new Lexer(input);
  const out: string[] = [];
  for (;;) {
    const t = lexer.nextToken();
    out.push(t.kind === 'eof' ? 'eof' : `${t.kind}:${t.text}`);
    if (t.kind === 'eof' || t.kind === 'error') return out;
  }
}

describe('Lexer', () => {
  const cases: Array<[input: string, tokens: string[]]> = [
    ['foo', ['identifier:foo', 'eof']],
    ['node:cpu:rate5m', ['metricIdentifier:node:cpu:rate5m', 'eof']],
    [
      'sum BY on AND atan2',
      ['aggregator:sum', 'keyword:BY', 'keyword:on', 'operator:AND', 'operator:atan2', 'eof'],
    ],
    ['start step max_of', ['preprocessor:start', 'preprocessor:step', 'preprocessor:max_of', 'eof']],
    ['Inf nan', ['number:Inf', 'number:nan', 'eof']],
    ['fill + fill(0)', ['identifier:fill', 'operator:+', 'keyword:fill', '(:(', 'number:0', '):)', 'eof']],
    [
      '1 .5 5. 1e-3 0x1F 1_000',
      ['number:1', 'number:.5', 'number:5.', 'number:1e-3', 'number:0x1F', 'number:1_000', 'eof'],
    ],
    ['5m 1h30m 250ms', ['duration:5m', 'duration:1h30m', 'duration:250ms', 'eof']],
    [
      '== != <= < >= > =~',
      [
        'operator:==',
        'operator:!=',
        'operator:<=',
        'operator:<',
        'operator:>=',
        'operator:>',
        "error:unexpected character after '=': '~'",
      ],
    ],
    ['a</b', ['identifier:a', 'operator:</', 'identifier:b', 'eof']],
    [
      'x{a=~"b",c!~`d`,e!=\'f\'}',
      [
        'identifier:x',
        '{:{',
        'identifier:a',
        'operator:=~',
        'string:"b"',
        ',:,',
        'identifier:c',
        'operator:!~',
        'string:`d`',
        ',:,',
        'identifier:e',
        'operator:!=',
        "string:'f'",
        '}:}',
        'eof',
      ],
    ],
    ['{by="x"}', ['{:{', 'identifier:by', '=:=', 'string:"x"', '}:}', 'eof']],
    ['x[5m:1m]', ['identifier:x', '[:[', 'duration:5m', ':::', 'duration:1m', ']:]', 'eof']],
    ['x[ 1h - 5m ]', ['identifier:x', '[:[', 'duration:1h', 'operator:-', 'duration:5m', ']:]', 'eof']],
    ['x[step()]', ['identifier:x', '[:[', 'preprocessor:step', '(:(', '):)', ']:]', 'eof']],
    ['x # comment\n+ y', ['identifier:x', 'operator:+', 'identifier:y', 'eof']],
    ['x @ 5', ['identifier:x', 'operator:@', 'number:5', 'eof']],
    ['"a\\"b\\u00e9"', ['string:"a\\"b\\u00e9"', 'eof']],
    ['(', ['(:(', 'error:unclosed left parenthesis']],
    ['x[5m', ['identifier:x', '[:[', 'duration:5m', 'error:unclosed left bracket']],
    ['x[a]', ['identifier:x', '[:[', "error:unexpected character in duration expression: 'a'"]],
    ['x[5m:1m:]', ['identifier:x', '[:[', 'duration:5m', ':::', 'duration:1m', "error:unexpected colon ':'"]],
    ['x[:5m]', ['identifier:x', '[:[', 'error:unexpected colon before duration in duration expression']],
    ['"\\q"', ["error:unknown escape sequence U+0071 'q'"]],
    ['"\\ud800"', ['error:escape sequence is an invalid Unicode code point']],
    ['"a\nb"', ['error:unterminated quoted string']],
    ['0x', ['number:0x', 'eof']],
    ['1e', ['error:bad number or duration syntax: "1e"']],
    ['5mm', ['error:bad number or duration syntax: "5mm"']],
    ['$', ["error:unexpected character: '$'"]],
    ['é', ["error:unexpected character: 'é'"]],
  ];
  for (const [input, tokens] of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(lex(input), tokens));
  }

  it('describes tokens as Prometheus does', () => {
    const described = ['foo', 'a:b', 'by', 'sum', '+', 'and', '1', '"a long string"', 'start', ','].map(
      (input) => {
        return describeToken(new Lexer(input).nextToken());
      },
    );
    assert.deepEqual(described, [
      'identifier "foo"',
      'metric identifier "a:b"',
      '<by>',
      '<aggr:sum>',
      '<op:+>',
      '<op:and>',
      'number "1"',
      'string "\\"a long st"...',
      '"start"',
      '","',
    ]);
  });
});

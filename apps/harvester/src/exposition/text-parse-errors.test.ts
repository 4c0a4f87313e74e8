import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTextFormat } from './text-parse.js';

// Every refusal, with the line it names. Messages follow Prometheus' expfmt where it has one.

describe('parseTextFormat errors', () => {
  const cases: Array<{ title: string; text: string; error: string; strict?: boolean }> = [
    {
      title: 'a value that is not a number',
      text: 'x 1\ny abc\n',
      error: 'line 2: expected float as value, got "abc"',
    },
    { title: 'no value', text: 'x\n', error: 'line 1: expected float as value, got ""' },
    {
      title: 'a hexadecimal value',
      text: 'x 0x1p3\n',
      error: 'line 1: expected float as value, got "0x1p3"',
    },
    { title: 'a value with _', text: 'x 1_000\n', error: 'line 1: expected float as value, got "1_000"' },
    {
      title: 'a value too large for a double',
      text: 'x 1e400\n',
      error: 'line 1: expected float as value, got "1e400"',
    },
    {
      title: 'a bad timestamp',
      text: 'x 1 12.5\n',
      error: 'line 1: expected integer as timestamp, got "12.5"',
    },
    {
      title: 'text after the timestamp',
      text: 'x 1 2 3\n',
      error: 'line 1: spurious string after timestamp: "3"',
    },
    { title: 'an invalid metric name', text: '0x 1\n', error: 'line 1: invalid metric name' },
    {
      title: 'a metric name cut by a dash',
      text: 'x-y 1\n',
      error: 'line 1: expected float as value, got "-y"',
    },
    {
      title: 'an invalid label name',
      text: 'x{0a="1"} 1\n',
      error: 'line 1: invalid label name for metric "x"',
    },
    {
      title: 'a quoted label name that is not legacy',
      text: 'x{"a.b"="1"} 1\n',
      error: 'line 1: invalid label name "a.b"',
    },
    {
      title: 'the reserved __name__ label',
      text: 'x{__name__="y"} 1\n',
      error: 'line 1: label name "__name__" is reserved',
    },
    {
      title: 'a label without =',
      text: 'x{a} 1\n',
      error: "line 1: expected '=' after label name, found '}'",
    },
    {
      title: 'an unquoted label value',
      text: 'x{a=1} 1\n',
      error: `line 1: expected '"' at start of label value, found '1'`,
    },
    {
      title: 'an unterminated label value',
      text: 'x{a="1} 1\n',
      error: 'line 1: label value "1} 1" contains unescaped new-line',
    },
    {
      title: 'a bad escape in a label value',
      text: 'x{a="\\t"} 1\n',
      error: "line 1: invalid escape sequence '\\t'",
    },
    {
      title: 'a missing comma',
      text: 'x{a="1" b="2"} 1\n',
      error: 'line 1: unexpected end of label value "1"',
    },
    {
      title: 'a duplicate label',
      text: 'x{a="1",a="2"} 1\n',
      error: 'line 1: duplicate label names for metric "x"',
    },
    {
      title: 'an unclosed label set',
      text: 'x{a="1",\n',
      error: 'line 1: invalid label name for metric "x"',
    },
    {
      title: 'labels without a metric name',
      text: '{a="1"} 1\n',
      error: 'line 1: no metric name in the label set',
    },
    {
      title: 'two names in braces',
      text: '{"x","y"} 1\n',
      error: 'line 1: multiple metric names for metric "x"',
    },
    {
      title: 'a bad escape in HELP',
      text: '# HELP x a\\tb\n',
      error: "line 1: invalid escape sequence '\\t'",
    },
    {
      title: 'a backslash ending HELP',
      text: '# HELP x a\\\n',
      error: "line 1: invalid escape sequence '\\' at end of line",
    },
    {
      title: 'a second HELP',
      text: '# HELP x a\n# HELP x b\n',
      error: 'line 2: second HELP line for metric name "x"',
    },
    {
      title: 'a second TYPE',
      text: '# TYPE x gauge\n# TYPE x counter\n',
      error: 'line 2: second TYPE line for metric name "x", or TYPE reported after samples',
    },
    {
      title: 'a TYPE after samples',
      text: 'x 1\n# TYPE x gauge\n',
      error: 'line 2: second TYPE line for metric name "x", or TYPE reported after samples',
    },
    {
      title: 'a TYPE for the count of a summary',
      text: '# TYPE x summary\n# TYPE x_count counter\n',
      error: 'line 2: second TYPE line for metric name "x", or TYPE reported after samples',
    },
    { title: 'an unknown type', text: '# TYPE x timer\n', error: 'line 1: unknown metric type "timer"' },
    {
      title: 'a name glued to junk in a comment',
      text: '# TYPE x-y gauge\n',
      error: 'line 1: invalid metric name in comment',
    },
    {
      title: 'a bucket whose le is not a number',
      text: '# TYPE h histogram\nh_bucket{le="big"} 1\n',
      error: 'line 2: expected float as value for \'le\' label, got "big"',
    },
    {
      title: 'a quantile that is not a number',
      text: '# TYPE s summary\ns{quantile="p99"} 1\n',
      error: 'line 2: expected float as value for \'quantile\' label, got "p99"',
    },
    {
      title: 'a negative histogram count',
      text: '# TYPE h histogram\nh_count -1\n',
      error: 'line 2: negative count for histogram "h"',
    },
    {
      title: 'a negative bucket',
      text: '# TYPE h histogram\nh_bucket{le="1"} -2\n',
      error: 'line 2: negative bucket population for histogram "h"',
    },
    {
      title: 'strict: no final newline',
      text: 'x 1\ny 2',
      strict: true,
      error: 'line 2: unexpected end of input stream',
    },
    {
      title: 'strict: blanks after a value',
      text: 'x 1 \n',
      strict: true,
      error: 'line 1: expected integer as timestamp, got ""',
    },
    {
      title: 'strict: blanks after a timestamp',
      text: 'x 1 2 \n',
      strict: true,
      error: 'line 1: spurious string after timestamp: " "',
    },
    {
      title: 'strict: blanks after a TYPE',
      text: '# TYPE x gauge \n',
      strict: true,
      error: 'line 1: unknown metric type "gauge "',
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.title}`, () => {
      assert.throws(
        () => parseTextFormat(c.text, { source: '/var/lib/node_exporter/x.prom', strict: c.strict ?? false }),
        {
          name: 'InvalidInputError',
          message: `cannot parse /var/lib/node_exporter/x.prom ${c.error}`,
        },
      );
    });
  }

  it('forgives outside strict mode what Prometheus forgives', () => {
    const families = parseTextFormat('# TYPE x gauge \nx 1 \ny 2 3 \nz 4');
    assert.deepEqual(
      families.map((f) => [f.name, f.type, f.samples[0]!.value]),
      [
        ['x', 'gauge', 1],
        ['y', 'untyped', 2],
        ['z', 'untyped', 4],
      ],
    );
  });

  it('accepts a negative histogram sum and a NaN count', () => {
    const [family] = parseTextFormat('# TYPE h histogram\nh_sum -3\nh_count NaN\n');
    assert.equal(family?.samples.length, 2);
  });
});

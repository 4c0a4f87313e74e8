import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkWireLabels, formatLabels, labelsFromRecord, labelsKey, normalizeLabels } from './labels.js';

describe('labels', () => {
  it('sorts and drops empty values', () => {
    assert.deepEqual(labelsFromRecord({ b: '2', a: '1', c: '' }), [
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
  });

  it('refuses duplicate names', () => {
    assert.throws(
      () =>
        normalizeLabels([
          { name: 'a', value: '1' },
          { name: 'a', value: '2' },
        ]),
      /duplicate label name "a"/,
    );
  });

  const wireCases: Array<[string, Array<[string, string]>, string | undefined]> = [
    [
      'valid',
      [
        ['__name__', 'up'],
        ['job', 'node'],
      ],
      undefined,
    ],
    [
      'unsorted',
      [
        ['job', 'node'],
        ['__name__', 'up'],
      ],
      'labels not sorted: "job" before "__name__"',
    ],
    [
      'duplicate',
      [
        ['__name__', 'up'],
        ['a', '1'],
        ['a', '2'],
      ],
      'duplicate label name "a"',
    ],
    ['no name', [['job', 'x']], 'series without a metric name (__name__)'],
    [
      'bad name',
      [
        ['__name__', 'up'],
        ['1a', 'x'],
      ],
      'invalid label name "1a"',
    ],
    [
      'empty value',
      [
        ['__name__', 'up'],
        ['a', ''],
      ],
      'empty value for label "a"',
    ],
    ['bad metric', [['__name__', 'a-b']], 'invalid metric name "a-b"'],
  ];
  for (const [title, pairs, want] of wireCases) {
    it(`checks wire labels: ${title}`, () => {
      assert.equal(checkWireLabels(pairs.map(([name, value]) => ({ name, value }))), want);
    });
  }

  it('keys never collide across value boundaries', () => {
    const a = labelsKey([{ name: 'a', value: 'x\u0001b' }]);
    const b = labelsKey([
      { name: 'a', value: 'x' },
      { name: 'b', value: '' },
    ]);
    assert.notEqual(a, b);
  });

  it('formats like Prometheus', () => {
    assert.equal(formatLabels(labelsFromRecord({ __name__: 'up', job: 'n' })), 'up{job="n"}');
  });
});

describe('matchers', () => {
  it('anchors regular expressions and understands a leading RE2 flag group', async () => {
    const { compileMatcher } = await import('./matchers.js');
    const m = compileMatcher({ type: '=~', name: 'job', value: '(?i)node|api' });
    assert.ok(m.matches('NODE'));
    assert.ok(m.matches('api'));
    assert.ok(!m.matches('node2'));
    const plain = compileMatcher({ type: '=~', name: 'job', value: 'a.c' });
    assert.ok(plain.matches('a\nc'), 'dot matches newline, as in RE2 with (?s) which Prometheus sets');
    assert.ok(!compileMatcher({ type: '!~', name: 'job', value: 'x|y' }).matches('x'));
  });
});

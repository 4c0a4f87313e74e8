import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QueryError } from '../errors.js';
import { engineOver, vectorRecord } from '../testing/fixtures.js';
import { expandTemplate } from './labels.js';

const data = [
  { labels: { __name__: 'up', instance: 'host-1:9100', job: 'node' }, samples: [{ t: 0, v: 1 }] },
  { labels: { __name__: 'up', instance: 'host-2:9100', job: 'node' }, samples: [{ t: 0, v: 0 }] },
];

describe('label_replace and label_join', () => {
  const cases: Array<[string, Record<string, number>]> = [
    [
      'label_replace(up, "host", "$1", "instance", "(.*):.*")',
      {
        'up{host="host-1", instance="host-1:9100", job="node"}': 1,
        'up{host="host-2", instance="host-2:9100", job="node"}': 0,
      },
    ],
    [
      // Go reads `$1x` as the group named "1x", which does not exist: empty, so the label goes.
      'label_replace(up, "job", "$1x", "instance", "(.*)")',
      { 'up{instance="host-1:9100"}': 1, 'up{instance="host-2:9100"}': 0 },
    ],
    [
      'label_replace(up, "job", "${1}x", "instance", "(host-1).*")',
      { 'up{instance="host-1:9100", job="host-1x"}': 1, 'up{instance="host-2:9100", job="node"}': 0 },
    ],
    [
      'label_replace(up, "port", "$port", "instance", ".*:(?P<port>\\\\d+)")',
      {
        'up{instance="host-1:9100", job="node", port="9100"}': 1,
        'up{instance="host-2:9100", job="node", port="9100"}': 0,
      },
    ],
    [
      // The regular expression must match the whole value.
      'label_replace(up, "x", "y", "instance", "host")',
      { 'up{instance="host-1:9100", job="node"}': 1, 'up{instance="host-2:9100", job="node"}': 0 },
    ],
    [
      'label_join(up, "id", "/", "job", "instance")',
      {
        'up{id="node/host-1:9100", instance="host-1:9100", job="node"}': 1,
        'up{id="node/host-2:9100", instance="host-2:9100", job="node"}': 0,
      },
    ],
  ];
  for (const [query, want] of cases) {
    it(query, async () => {
      const { engine } = engineOver(data);
      assert.deepEqual(vectorRecord(await engine.instantQuery(query, 0)), want);
    });
  }

  const errors: Array<[string, RegExp]> = [
    ['label_replace(up, "x", "y", "instance", "(")', /^invalid regular expression in label_replace\(\): \($/],
    [
      'label_replace(up, "", "y", "instance", ".*")',
      /^invalid destination label name in label_replace\(\): $/,
    ],
    ['label_replace(up, "instance", "", "", "")', /^vector cannot contain metrics with the same labelset$/],
  ];
  for (const [query, message] of errors) {
    it(`fails: ${query}`, async () => {
      const { engine } = engineOver(data);
      await assert.rejects(engine.instantQuery(query, 0), (err: unknown) => {
        assert.ok(err instanceof QueryError);
        assert.match(err.message, message);
        return true;
      });
    });
  }
});

describe('Go template expansion', () => {
  const match = /^(?<a>x)(y)?$/.exec('x')!;
  const cases: Array<[string, string]> = [
    ['$1-$2', 'x-'],
    ['${1}1', 'x1'],
    ['$11', ''],
    ['$a and ${a}', 'x and x'],
    ['$$1', '$1'],
    ['$ {', '$ {'],
    ['${1', '${1'],
  ];
  for (const [template, want] of cases) {
    it(template, () => assert.equal(expandTemplate(template, match), want));
  }
});

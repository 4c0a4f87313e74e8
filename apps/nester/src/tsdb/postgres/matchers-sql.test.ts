import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileAnchored } from '@seahawks/model';
import type { Matcher } from '@seahawks/model';
import pg from 'pg';
import { sharedTempPostgres } from './conformance-fixture.js';
import { isPortableRegex, literalAlternatives, seriesFilter } from './matchers-sql.js';

const server = sharedTempPostgres();

const PORTABLE = [
  'a',
  'a.*',
  '.*a',
  'a.+b',
  'b|ab',
  '(a|b)+',
  '(?:a|b)c?',
  'a\\.b',
  '[a-z]+',
  '[a-z0-9_]*x',
  'foo-bar|x_y',
  'node_(cpu|memory)_.+',
  'A',
  '10\\.0\\.0\\.[0-9]+:9100',
];
const NOT_PORTABLE = [
  '.',
  'a.b',
  '.?',
  '\\d+',
  '\\w',
  '(?i)a',
  '[^a]',
  'a{2}',
  '^a',
  'a$',
  'é',
  '.*?',
  'a*?',
  '(?=a)',
  '[[:alpha:]]',
  '[a\\-z]',
];
/** Values where the two dialects could part: case, newlines, astral characters, punctuation. */
const VALUES = [
  '',
  'a',
  'A',
  'ab',
  'b',
  'aab',
  'ac',
  'a.b',
  'axb',
  'a\nb',
  '\u{1F600}',
  'a\u{1F600}b',
  'é',
  'foo-bar',
  'x_y',
];
const MORE_VALUES = [
  'node_cpu_seconds',
  'node_memory_',
  'node_disk_x',
  '10.0.0.12:9100',
  '10x0.0.1:9100',
  'zzx',
  '9x',
];

describe('postgres engine: matchers in SQL', () => {
  it('tells portable regular expressions from the rest', () => {
    for (const re of PORTABLE) assert.equal(isPortableRegex(re), true, re);
    for (const re of NOT_PORTABLE) assert.equal(isPortableRegex(re), false, re);
  });

  it('reads literal alternations, escapes included', () => {
    assert.deepEqual(literalAlternatives('a|b\\.c|'), ['a', 'b.c', '']);
    assert.deepEqual(literalAlternatives('prod'), ['prod']);
    assert.equal(literalAlternatives('a.*'), undefined);
    assert.equal(literalAlternatives('(a|b)'), undefined);
  });

  it('binds every name and value, and uses each parameter it binds', () => {
    const matchers: Matcher[] = [
      { name: '__name__', type: '=', value: 'up' },
      { name: 'job', type: '=', value: "a'; DROP TABLE series; --" },
      { name: 'env', type: '!=', value: '' },
      { name: 'zone', type: '=~', value: '.*' },
      { name: 'dc', type: '!~', value: 'x|y' },
      { name: 'host', type: '=~', value: '\\d+' },
    ];
    const f = seriesFilter(matchers, 3);
    assert.equal(
      f.where,
      's.labels @> $7::jsonb AND s.metric = $3 AND (s.labels ->> $4) IS NOT NULL AND TRUE AND ' +
        "NOT (coalesce((s.labels ->> $5), '') = ANY($6::text[]))",
    );
    assert.deepEqual(f.values, [
      'up',
      'env',
      'dc',
      ['x', 'y'],
      JSON.stringify({ job: "a'; DROP TABLE series; --" }),
    ]);
    assert.ok(!f.where.includes('DROP'));
  });

  it('pushes down only what PostgreSQL matches exactly as JavaScript does', async () => {
    const client = new pg.Client({ connectionString: (await server()).url });
    await client.connect();
    try {
      for (const source of PORTABLE) {
        const { rows } = await client.query<{ v: string; m: boolean }>(
          'SELECT v, v ~ $1 AS m FROM unnest($2::text[]) AS v',
          [`^(?:${source})$`, [...VALUES, ...MORE_VALUES]],
        );
        const js = compileAnchored(source);
        for (const { v, m } of rows) assert.equal(m, js.test(v), `${source} on ${JSON.stringify(v)}`);
      }
    } finally {
      await client.end();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSelection } from './selection';

describe('parseSelection', () => {
  const cases: Array<[string, ReturnType<typeof parseSelection>]> = [
    ['web-1, web-2', { names: ['web-1', 'web-2'] }],
    ['h1 h2 h3', { names: ['h1', 'h2', 'h3'] }],
    ['team=a', { team: 'a' }],
    ['team=a, site=lyon', { team: 'a', labels: { site: 'lyon' } }],
    ['site=x=y', { labels: { site: 'x=y' } }],
    ['web-1, team=a', null],
    ['  ', null],
    ['=a', null],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => assert.deepEqual(parseSelection(text), want));
  }
});

/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashOf, hostHash, matchPattern, parseLocation } from './hash-route';

describe('parseLocation', () => {
  const cases: Array<[string, string[], string]> = [
    ['', [], ''],
    ['#/', [], ''],
    ['#/fleet', ['fleet'], ''],
    ['#/host/edge%20box?range=6h', ['host', 'edge box'], 'range=6h'],
    ['#/explore?q=up%7Bjob%3D%22a%22%7D', ['explore'], 'q=up%7Bjob%3D%22a%22%7D'],
  ];
  for (const [hash, segments, query] of cases)
    it(hash || '(empty)', () => {
      const loc = parseLocation(hash);
      assert.deepEqual(loc.segments, segments);
      assert.equal(loc.query.toString(), query);
    });
});

describe('matchPattern', () => {
  it('takes named segments', () =>
    assert.deepEqual(matchPattern('/host/:name', ['host', 'web-1']), { name: 'web-1' }));
  it('refuses other lengths and literals', () => {
    assert.equal(matchPattern('/host/:name', ['host']), null);
    assert.equal(matchPattern('/fleet', ['explore']), null);
  });
});

describe('hashOf', () => {
  it('round-trips odd names and drops empty query values', () => {
    const hash = hostHash('pi/garage #1', { range: '24h', from: null });
    assert.equal(hash, '#/host/pi%2Fgarage%20%231?range=24h');
    const loc = parseLocation(hash);
    assert.deepEqual(loc.segments, ['host', 'pi/garage #1']);
    assert.equal(loc.query.get('range'), '24h');
  });
  it('encodes queries', () =>
    assert.equal(hashOf(['explore'], { q: 'a{b="c"}' }), '#/explore?q=a%7Bb%3D%22c%22%7D'));
});

/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRoute, routeHash, type Route } from './hash-route';

describe('parseRoute', () => {
  const cases: Array<[string, Route]> = [
    ['', { page: 'fleet' }],
    ['#/', { page: 'fleet' }],
    ['#/fleet', { page: 'fleet' }],
    ['#/login', { page: 'login' }],
    ['#/host/web-1', { page: 'host', name: 'web-1', range: null }],
    ['#/host/edge%20box?range=6h', { page: 'host', name: 'edge box', range: '6h' }],
    ['#/nowhere', { page: 'not-found', hash: '#/nowhere' }],
  ];
  for (const [hash, want] of cases) it(hash || '(empty)', () => assert.deepEqual(parseRoute(hash), want));

  it('round-trips host routes', () => {
    const route: Route = { page: 'host', name: 'pi/garage #1', range: '24h' };
    assert.deepEqual(parseRoute(routeHash(route)), route);
  });
});

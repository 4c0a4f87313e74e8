/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Harvester } from '../../lib/fleet-api';
import { DEFAULT_SORT, nextSort, sortFleet } from './fleet-sort';
import { countStates, hostState } from './fleet-state';

function h(
  name: string,
  online: boolean,
  cpu: number | null,
  memory: number | null = null,
  disk: number | null = null,
): Harvester {
  return {
    id: name,
    name,
    labels: {},
    online,
    lastSeen: 0,
    inventory: {},
    summary: { cpu, memory, disk, temperature: null, load1: null, uptimeSeconds: null },
  };
}

describe('sortFleet', () => {
  const fleet = [
    h('calm', true, 0.1),
    h('gone', false, 0.2),
    h('busy', true, 0.2, 0.95),
    h('blind', true, null),
    h('warm', true, 0.75),
  ];

  it('puts offline first, then the highest of cpu/memory/disk, unknown last', () => {
    assert.deepEqual(
      sortFleet(fleet, DEFAULT_SORT).map((x) => x.name),
      ['gone', 'busy', 'warm', 'calm', 'blind'],
    );
  });

  it('sorts a column with unknown values last in both directions', () => {
    const desc = sortFleet(fleet, { key: 'cpu', descending: true }).map((x) => x.name);
    const asc = sortFleet(fleet, { key: 'cpu', descending: false }).map((x) => x.name);
    assert.equal(desc.at(-1), 'blind');
    assert.equal(asc.at(-1), 'blind');
    assert.equal(desc[0], 'warm');
    assert.equal(asc[0], 'calm');
  });

  it('toggles direction on a second click', () => {
    const first = nextSort(DEFAULT_SORT, 'memory');
    assert.deepEqual(first, { key: 'memory', descending: true });
    assert.deepEqual(nextSort(first, 'memory'), { key: 'memory', descending: false });
  });

  it('classifies states at 70 % and 90 %', () => {
    assert.deepEqual(fleet.map(hostState), ['ok', 'offline', 'crit', 'ok', 'warn']);
    assert.deepEqual(countStates(fleet), { offline: 1, crit: 1, warn: 1, ok: 2 });
  });
});

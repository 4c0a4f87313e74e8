import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal, UserPrincipal } from '../auth/roles.js';
import type { FleetRegistry, HarvesterRecord } from '../fleet/registry.js';
import { resolveSelection, selectionSchema } from './run-selection.js';

function harvester(name: string, labels: Record<string, string>): HarvesterRecord {
  return {
    id: name,
    name,
    labels,
    credentialHash: '',
    createdAt: 0,
    revokedAt: null,
    lastSeen: null,
    inventory: {},
  };
}

const fleet = {
  list: () => [
    harvester('a1', { team: 'a', role: 'web' }),
    harvester('a2', { team: 'a', role: 'db' }),
    harvester('b1', { team: 'b', role: 'web' }),
    harvester('loose', { role: 'web' }),
  ],
} as unknown as FleetRegistry;

const user = (role: 'admin' | 'operator' | 'viewer', teams: string[]): UserPrincipal =>
  ({ kind: 'user', name: role, role, teams, via: 'session' }) satisfies Principal;

describe('run selection', () => {
  it('resolves names to the harvesters an operator may operate', () => {
    assert.deepEqual(resolveSelection({ names: ['a1', 'a2'] }, fleet, user('operator', ['a'])), {
      targets: ['a1', 'a2'],
      refused: [],
      unknown: [],
    });
  });

  it('never names back a harvester the user cannot see: another team’s is as unknown as a missing one', () => {
    assert.deepEqual(
      resolveSelection({ names: ['a1', 'b1', 'ghost', 'ghost'] }, fleet, user('operator', ['a'])),
      {
        targets: ['a1'],
        refused: [],
        unknown: ['b1', 'ghost'],
      },
    );
  });

  it('lists what a viewer sees but may not operate as refused', () => {
    assert.deepEqual(resolveSelection({ team: 'a' }, fleet, user('viewer', ['a'])), {
      targets: [],
      refused: ['a1', 'a2'],
      unknown: [],
    });
  });

  it('matches every label given, and a team, within what the user sees', () => {
    assert.deepEqual(resolveSelection({ labels: { role: 'web' } }, fleet, user('operator', ['a'])).targets, [
      'a1',
    ]);
    assert.deepEqual(resolveSelection({ labels: { role: 'web' } }, fleet, user('admin', [])).targets, [
      'a1',
      'b1',
      'loose',
    ]);
    assert.deepEqual(
      resolveSelection({ labels: { role: 'web', team: 'b' } }, fleet, user('admin', [])).targets,
      ['b1'],
    );
    assert.deepEqual(resolveSelection({ team: 'b', names: ['a1', 'b1'] }, fleet, user('admin', [])).targets, [
      'b1',
    ]);
  });

  it('shows harvesters without a team to admins and `*` users only', () => {
    assert.deepEqual(resolveSelection({ names: ['loose'] }, fleet, user('operator', ['a'])).unknown, [
      'loose',
    ]);
    assert.deepEqual(resolveSelection({ names: ['loose'] }, fleet, user('operator', ['*'])).targets, [
      'loose',
    ]);
  });

  it('validates the selection: at least one criterion, no unknown keys', () => {
    assert.equal(selectionSchema.safeParse({}).success, false);
    assert.equal(selectionSchema.safeParse({ hosts: ['a1'] }).success, false);
    assert.equal(selectionSchema.safeParse({ names: [''] }).success, false);
    assert.equal(selectionSchema.safeParse({ labels: { role: 'web' } }).success, true);
  });
});

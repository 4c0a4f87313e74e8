import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/roles.js';
import type { HarvesterRecord } from '../fleet/registry.js';
import type { RemoteDeps } from './remote-deps.js';
import { auditStart, sessionAccess } from './session-access.js';

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

const fleet = [harvester('a1', { team: 'a' }), harvester('b1', { team: 'b' }), harvester('loose', {})];
const online = new Set(['a1', 'b1', 'loose']);
const deps = {
  fleet: { byName: (n: string) => fleet.find((h) => h.name === n) },
  hub: { isOnline: (n: string) => online.has(n) },
} as unknown as RemoteDeps;

const user = (role: 'admin' | 'operator' | 'viewer', teams: string[] = ['a']): Principal => ({
  kind: 'user',
  name: `${role}-user`,
  role,
  teams,
  via: 'session',
});

function req(principal: Principal | undefined): FastifyRequest {
  return { principal, ip: '127.0.0.9' } as unknown as FastifyRequest;
}

describe('session access', () => {
  it('lets an operator open sessions on the harvesters of their teams', () => {
    const v = sessionAccess(req(user('operator')), deps, 'terminal', 'a1');
    assert.equal(v.ok, true);
    assert.equal(v.ok && v.harvester.name, 'a1');
  });

  it('refuses an operator another team’s harvester with the answer an unknown one gets', () => {
    const other = sessionAccess(req(user('operator')), deps, 'terminal', 'b1');
    const unknown = sessionAccess(req(user('operator')), deps, 'terminal', 'nope');
    assert.deepEqual(other, {
      ok: false,
      code: 4403,
      reason: 'cannot open a terminal on b1: no harvester of that name that you may operate',
    });
    assert.equal(unknown.ok, false);
    assert.equal(!unknown.ok && unknown.code, 4403, 'existence is not revealed');
  });

  it('refuses viewers everywhere, even on their own team', () => {
    const v = sessionAccess(req(user('viewer')), deps, 'desktop', 'a1');
    assert.deepEqual(v, {
      ok: false,
      code: 4403,
      reason: 'cannot open a desktop on a1: viewers cannot open sessions',
    });
  });

  it('lets admins in everywhere, team or not', () => {
    for (const name of ['a1', 'b1', 'loose'])
      assert.equal(sessionAccess(req(user('admin', [])), deps, 'terminal', name).ok, true);
  });

  it('refuses harvesters and anonymous callers', () => {
    assert.equal(
      sessionAccess(req({ kind: 'harvester', id: 'x', name: 'a1' }), deps, 'terminal', 'a1').ok,
      false,
    );
    const anonymous = sessionAccess(req(undefined), deps, 'terminal', 'a1');
    assert.equal(!anonymous.ok && anonymous.reason, 'cannot open a terminal on a1: users only');
  });

  it('answers 4404 for an offline harvester the user may operate', () => {
    online.delete('a1');
    try {
      assert.deepEqual(sessionAccess(req(user('operator')), deps, 'terminal', 'a1'), {
        ok: false,
        code: 4404,
        reason: 'cannot open a terminal on a1: it is offline',
      });
    } finally {
      online.add('a1');
    }
  });

  it('words who asked for the audit log', () => {
    assert.deepEqual(auditStart(req(user('operator')), 'run', ['a1'], 'uname -n'), {
      kind: 'run',
      user: 'operator-user',
      role: 'operator',
      via: 'session',
      remoteAddress: '127.0.0.9',
      harvesters: ['a1'],
      command: 'uname -n',
    });
    assert.equal(
      auditStart(req({ kind: 'harvester', id: 'x', name: 'h' }), 'terminal', []).user,
      'harvester:h',
    );
    assert.equal(auditStart(req(undefined), 'terminal', []).user, 'anonymous');
    assert.equal('command' in auditStart(req(undefined), 'terminal', []), false);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canEnroll, canOperateHarvester, canSeeHarvester, seriesScope } from './access.js';
import type { Principal, Role } from './roles.js';

const user = (role: Role, teams: string[]): Principal => ({
  kind: 'user',
  name: 'u',
  role,
  teams,
  via: 'session',
});
const harvester: Principal = { kind: 'harvester', id: 'h', name: 'h' };
const alpha = { team: 'alpha' };
const none = {};

describe('access decisions', () => {
  it('lets admins see and operate everything, harvesters nothing', () => {
    assert.ok(canSeeHarvester(user('admin', []), alpha) && canOperateHarvester(user('admin', []), none));
    assert.ok(!canSeeHarvester(harvester, alpha) && !canOperateHarvester(harvester, alpha));
  });

  it('scopes operators and viewers to their teams; viewers never operate', () => {
    assert.ok(canOperateHarvester(user('operator', ['alpha']), alpha));
    assert.ok(!canOperateHarvester(user('operator', ['bravo']), alpha));
    assert.ok(!canOperateHarvester(user('operator', ['alpha']), none));
    assert.ok(canSeeHarvester(user('viewer', ['alpha']), alpha));
    assert.ok(!canOperateHarvester(user('viewer', ['alpha']), alpha));
    assert.ok(!canOperateHarvester(user('viewer', ['*']), alpha));
    assert.ok(canSeeHarvester(user('viewer', ['*']), none));
  });

  it('turns teams into one anchored regex matcher with metacharacters escaped', () => {
    assert.deepEqual(seriesScope(user('viewer', ['b.x', 'a'])), {
      kind: 'teams',
      matcher: { type: '=~', name: 'team', value: 'a|b\\.x' },
    });
    assert.deepEqual(seriesScope(user('viewer', [])), { kind: 'none' });
    assert.deepEqual(seriesScope(user('operator', ['*'])), { kind: 'all' });
    assert.deepEqual(seriesScope(harvester), { kind: 'none' });
  });

  it('lets admins enroll anywhere, operators into their own teams with a team label, viewers nowhere', () => {
    const cases: Array<[Principal, Record<string, string>, boolean]> = [
      [user('admin', []), none, true],
      [user('admin', []), { team: 'zulu' }, true],
      [user('operator', ['alpha']), alpha, true],
      [user('operator', ['alpha']), { team: 'alpha', site: 'x' }, true],
      [user('operator', ['alpha']), { team: 'bravo' }, false],
      [user('operator', ['alpha']), none, false],
      [user('operator', ['*']), { team: 'anything' }, true],
      [user('operator', ['*']), none, false],
      [user('viewer', ['alpha']), alpha, false],
      [user('viewer', ['*']), alpha, false],
      [harvester, alpha, false],
    ];
    for (const [p, labels, want] of cases)
      assert.equal(canEnroll(p, labels), want, `${JSON.stringify(p)} ${JSON.stringify(labels)}`);
  });
});

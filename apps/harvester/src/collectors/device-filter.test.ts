import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeviceFilter, withDefaultExclude, type FilterPatterns } from './device-filter.js';

describe('DeviceFilter', () => {
  const cases: Array<{ patterns: FilterPatterns; name: string; ignored: boolean }> = [
    { patterns: {}, name: 'eth0', ignored: false },
    { patterns: { exclude: '^lo$' }, name: 'lo', ignored: true },
    { patterns: { exclude: '^lo$' }, name: 'lo0', ignored: false },
    { patterns: { exclude: 'veth' }, name: 'veth3f2a', ignored: true },
    { patterns: { include: '^(eth|en)' }, name: 'enp3s0', ignored: false },
    { patterns: { include: '^(eth|en)' }, name: 'wlan0', ignored: true },
    { patterns: { exclude: '', include: '' }, name: 'anything', ignored: false },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.patterns)} ${c.ignored ? 'ignores' : 'keeps'} ${c.name}`, () => {
      assert.equal(new DeviceFilter(c.patterns, 'devices').ignored(c.name), c.ignored);
    });
  }

  it('refuses include and exclude together, and patterns that do not compile', () => {
    assert.throws(() => new DeviceFilter({ exclude: 'a', include: 'b' }, 'network devices'), {
      name: 'InvalidInputError',
      message: 'cannot filter network devices: include and exclude patterns are mutually exclusive',
    });
    assert.throws(() => new DeviceFilter({ exclude: '[' }, 'hwmon chips'), {
      message: 'cannot compile the hwmon chips pattern "["',
    });
  });

  const defaults: Array<{ given: FilterPatterns | undefined; want: FilterPatterns }> = [
    { given: undefined, want: { exclude: 'DEF' } },
    { given: {}, want: { exclude: 'DEF' } },
    { given: { exclude: 'mine' }, want: { exclude: 'mine' } },
    { given: { exclude: '' }, want: { exclude: '' } },
    { given: { include: '^/data' }, want: { include: '^/data' } },
  ];
  for (const d of defaults) {
    it(`applies the default exclude to ${JSON.stringify(d.given)}`, () => {
      assert.deepEqual(withDefaultExclude(d.given, 'DEF'), d.want);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Collector } from './collector.js';
import { BUILTIN_COLLECTORS, createCollectors, type CollectorDefinition } from './registry.js';

const names = (collectors: Collector[]): string[] => collectors.map((c) => c.name);

function definition(name: string, defaultEnabled: boolean): CollectorDefinition {
  return { name, defaultEnabled, create: () => ({ name, collect: () => Promise.resolve([]) }) };
}

describe('collector registry', () => {
  it('builds every default collector, sorted by name', () => {
    assert.deepEqual(names(createCollectors()), [
      'conntrack',
      'cpu',
      'cpufreq',
      'diskstats',
      'entropy',
      'filefd',
      'filesystem',
      'hwmon',
      'loadavg',
      'meminfo',
      'netclass',
      'netdev',
      'netstat',
      'os',
      'pressure',
      'sockstat',
      'stat',
      'textfile',
      'thermal_zone',
      'time',
      'uname',
      'vmstat',
    ]);
  });

  it('gives every definition a unique name matching the collector it creates', () => {
    for (const d of BUILTIN_COLLECTORS) assert.equal(d.create({}).name, d.name);
    assert.equal(new Set(BUILTIN_COLLECTORS.map((d) => d.name)).size, BUILTIN_COLLECTORS.length);
  });

  const defs = [definition('a', true), definition('b', true), definition('c', false)];
  const selections: Array<{
    title: string;
    selection: Parameters<typeof createCollectors>[0];
    want: string[];
  }> = [
    { title: 'defaults', selection: {}, want: ['a', 'b'] },
    { title: 'disable one', selection: { disable: ['a'] }, want: ['b'] },
    { title: 'enable a non-default one', selection: { enable: ['c'] }, want: ['a', 'b', 'c'] },
    {
      title: 'only the enabled ones',
      selection: { disableDefaults: true, enable: ['b', 'c'] },
      want: ['b', 'c'],
    },
    { title: 'nothing at all', selection: { disableDefaults: true }, want: [] },
  ];
  for (const s of selections) {
    it(`selects: ${s.title}`, () => assert.deepEqual(names(createCollectors(s.selection, {}, defs)), s.want));
  }

  const errors: Array<{ title: string; selection: Parameters<typeof createCollectors>[0]; error: RegExp }> = [
    {
      title: 'an unknown name',
      selection: { disable: ['nope'] },
      error: /^cannot select collector "nope": no such collector \(known: a, b, c\)$/,
    },
    {
      title: 'enabled and disabled',
      selection: { enable: ['a'], disable: ['a'] },
      error: /both enabled and disabled/,
    },
  ];
  for (const e of errors) {
    it(`refuses ${e.title}`, () => {
      assert.throws(() => createCollectors(e.selection, {}, defs), {
        name: 'InvalidInputError',
        message: e.error,
      });
    });
  }

  it('refuses two definitions with one name', () => {
    assert.throws(() => createCollectors({}, {}, [definition('a', true), definition('a', false)]), {
      message: 'cannot register collector "a": registered twice',
    });
  });

  it('passes options to the collector they name', () => {
    assert.throws(() => createCollectors({}, { netdev: { devices: { exclude: '(' } } }), {
      message: /cannot compile the network devices pattern "\("/,
    });
  });
});

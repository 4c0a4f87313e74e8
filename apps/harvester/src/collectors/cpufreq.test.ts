import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { MetricFamily } from './collector.js';
import { CpufreqCollector } from './cpufreq.js';
import { FixtureTree, type TreeEntry } from './fixture-tree.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext } from './testdata.js';

/** The series of family `name` as `{ ...labels, value }` rows, compact to compare with deepEqual. */
function rows(families: readonly MetricFamily[], name: string): Array<Record<string, string | number>> {
  return families
    .filter((f) => f.name === name)
    .flatMap((f) => f.metrics.map((m) => ({ ...m.labels, value: m.value })));
}

const perCpu = (values: number[]): Array<{ cpu: string; value: number }> =>
  values.map((value, i) => ({ cpu: String(i), value }));

function policy(dir: string, files: Record<string, string>): Record<string, TreeEntry> {
  return Object.fromEntries(Object.entries(files).map(([f, v]) => [`${dir}/${f}`, v]));
}

const CPU = 'sys/devices/system/cpu';
const SCHEDUTIL = {
  cpuinfo_min_freq: '400000\n',
  cpuinfo_max_freq: '2000000\n',
  scaling_cur_freq: '1200000\n',
  scaling_available_governors: 'performance schedutil\n',
  scaling_governor: 'schedutil\n',
};

describe('cpufreq collector', () => {
  it('reads the x86 fixture: intel_pstate, no cpuinfo_cur_freq, one policy per CPU', async () => {
    const families = await new CpufreqCollector().collect(fixtureContext('x86'));
    assert.deepEqual(
      families.map((f) => f.name),
      [
        'node_cpu_frequency_min_hertz',
        'node_cpu_frequency_max_hertz',
        'node_cpu_scaling_frequency_hertz',
        'node_cpu_scaling_frequency_min_hertz',
        'node_cpu_scaling_frequency_max_hertz',
        'node_cpu_scaling_governor',
      ],
    );
    assert.deepEqual(
      rows(families, 'node_cpu_scaling_frequency_hertz'),
      perCpu([3400118000, 799981000, 3512004000, 800034000]),
    );
    assert.deepEqual(rows(families, 'node_cpu_frequency_max_hertz'), perCpu([38e8, 38e8, 38e8, 38e8]));
    assert.deepEqual(rows(families, 'node_cpu_scaling_governor').slice(0, 2), [
      { cpu: '0', governor: 'performance', value: 0 },
      { cpu: '0', governor: 'powersave', value: 1 },
    ]);
  });

  it('reads the rpi fixture: four CPUs sharing policy0, cpuinfo_cur_freq readable as root', async () => {
    const families = await new CpufreqCollector().collect(fixtureContext('rpi'));
    assert.deepEqual(rows(families, 'node_cpu_frequency_hertz'), perCpu([15e8, 15e8, 15e8, 15e8]));
    assert.deepEqual(rows(families, 'node_cpu_frequency_min_hertz'), perCpu([6e8, 6e8, 6e8, 6e8]));
    assert.deepEqual(
      rows(families, 'node_cpu_scaling_frequency_max_hertz'),
      perCpu([18e8, 18e8, 18e8, 18e8]),
    );
    const governors = rows(families, 'node_cpu_scaling_governor').filter((r) => r.cpu === '3');
    assert.deepEqual(
      governors.map((r) => `${r.governor}=${r.value}`),
      ['conservative=0', 'ondemand=1', 'userspace=0', 'powersave=0', 'performance=0', 'schedutil=0'],
    );
  });

  it("uses node_exporter's HELP texts, gauges in hertz", async () => {
    const families = await new CpufreqCollector().collect(fixtureContext('rpi'));
    const help = Object.fromEntries(families.map((f) => [f.name, f.help]));
    assert.equal(help.node_cpu_frequency_hertz, 'Current CPU thread frequency in hertz.');
    assert.equal(help.node_cpu_scaling_frequency_min_hertz, 'Minimum scaled CPU thread frequency in hertz.');
    assert.equal(help.node_cpu_scaling_governor, 'Current enabled CPU frequency governor.');
    assert.ok(families.every((f) => f.type === 'gauge'));
  });

  it('skips offline CPUs and CPUs without cpufreq; a VM without any succeeds empty', async () => {
    const tree = await FixtureTree.create({
      [`${CPU}/offline`]: '2\n',
      [`${CPU}/cpu0/online`]: '1\n',
      [`${CPU}/cpu2/online`]: '0\n',
      [`${CPU}/cpu10/online`]: '1\n',
      [`${CPU}/cpufreq/README`]: 'not a CPU\n',
      ...policy(`${CPU}/cpu10/cpufreq`, SCHEDUTIL),
      ...policy(`${CPU}/cpu2/cpufreq`, SCHEDUTIL),
    });
    try {
      const families = await new CpufreqCollector().collect(tree.ctx);
      assert.deepEqual(rows(families, 'node_cpu_scaling_frequency_hertz'), [{ cpu: '10', value: 12e8 }]);
      const vm = await FixtureTree.create({ [`${CPU}/offline`]: '\n', [`${CPU}/cpu0/online`]: '1\n' });
      try {
        assert.deepEqual(await new CpufreqCollector().collect(vm.ctx), []);
      } finally {
        await vm.remove();
      }
    } finally {
      await tree.remove();
    }
  });

  const failures: Array<[string, Record<string, TreeEntry>, RegExp]> = [
    ['no cpu/offline file', { [`${CPU}/cpu0/online`]: '1\n' }, /^cannot read .*\/cpu\/offline: ENOENT/],
    ['no CPU directories', { [`${CPU}/offline`]: '\n' }, /no online CPU directories/],
    [
      'a frequency the driver cannot tell',
      {
        [`${CPU}/offline`]: '\n',
        ...policy(`${CPU}/cpu0/cpufreq`, { ...SCHEDUTIL, cpuinfo_cur_freq: '<unknown>\n' }),
      },
      /cpuinfo_cur_freq: "<unknown>" is not an unsigned integer$/,
    ],
    [
      'no scaling_governor',
      { [`${CPU}/offline`]: '\n', [`${CPU}/cpu0/cpufreq/scaling_available_governors`]: 'performance\n' },
      /^cannot read .*scaling_governor: ENOENT/,
    ],
  ];
  for (const [title, files, message] of failures) {
    it(`fails, as node_exporter does, on ${title}`, async () => {
      const tree = await FixtureTree.create(files);
      try {
        await assert.rejects(new CpufreqCollector().collect(tree.ctx), { message });
      } finally {
        await tree.remove();
      }
    });
  }

  it(
    'reads this machine: consistent bounds where cpufreq exists, nothing otherwise',
    { skip: SKIP_OFF_LINUX },
    async () => {
      const families = await new CpufreqCollector().collect(HOST_CONTEXT);
      const hasCpufreq = await access('/sys/devices/system/cpu/cpu0/cpufreq').then(
        () => true,
        () => false,
      );
      if (!hasCpufreq) return assert.deepEqual(families, []);
      const min = rows(families, 'node_cpu_scaling_frequency_min_hertz');
      const max = rows(families, 'node_cpu_scaling_frequency_max_hertz');
      min.forEach((m, i) => assert.ok(Number(m.value) <= Number(max[i]!.value)));
    },
  );
});

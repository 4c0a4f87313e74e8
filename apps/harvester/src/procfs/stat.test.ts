import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProcStat, type CpuTicks } from './stat.js';

function ticks(...values: number[]): CpuTicks {
  const [
    user = 0,
    nice = 0,
    system = 0,
    idle = 0,
    iowait = 0,
    irq = 0,
    softirq = 0,
    steal = 0,
    guest = 0,
    guestNice = 0,
  ] = values;
  return { user, nice, system, idle, iowait, irq, softirq, steal, guest, guestNice };
}

describe('parseProcStat', () => {
  it('reads the aggregate line, every cpuN line and the scalar lines', () => {
    const stat = parseProcStat(
      [
        'cpu  6187 0 2509 62611 349 0 87 10 30 1',
        'cpu0 2653 0 1130 31993 71 0 11 2 10 0',
        'cpu1 3533 0 1378 30618 278 0 75 7 20 1',
        'intr 310328 0 0 16 0',
        'ctxt 760439',
        'btime 1795305067',
        'processes 14816',
        'procs_running 4',
        'procs_blocked 1',
        'softirq 294002 0 37737 4',
        '',
      ].join('\n'),
    );
    assert.deepEqual(stat.total, ticks(6187, 0, 2509, 62611, 349, 0, 87, 10, 30, 1));
    assert.deepEqual(stat.cpus, [
      { id: 0, ticks: ticks(2653, 0, 1130, 31993, 71, 0, 11, 2, 10, 0) },
      { id: 1, ticks: ticks(3533, 0, 1378, 30618, 278, 0, 75, 7, 20, 1) },
    ]);
    assert.equal(stat.interrupts, 310328);
    assert.equal(stat.contextSwitches, 760439);
    assert.equal(stat.bootTime, 1795305067);
    assert.equal(stat.forks, 14816);
    assert.equal(stat.procsRunning, 4);
    assert.equal(stat.procsBlocked, 1);
  });

  const cases: Array<{
    title: string;
    text: string;
    cpus?: Array<{ id: number; ticks: CpuTicks }>;
    error?: RegExp;
  }> = [
    {
      title: 'old kernels without steal and guest columns read as 0',
      text: 'cpu3 1 2 3 4 5 6 7\n',
      cpus: [{ id: 3, ticks: ticks(1, 2, 3, 4, 5, 6, 7) }],
    },
    {
      title: 'CPUs need not be contiguous (offline CPUs have no line)',
      text: 'cpu0 1\ncpu2 2\n',
      cpus: [
        { id: 0, ticks: ticks(1) },
        { id: 2, ticks: ticks(2) },
      ],
    },
    {
      title: 'a cpu line without numbers',
      text: 'cpu\ncpu0\n',
      error: /^cannot parse \/proc\/stat line 1: no tick counts in "cpu"$/,
    },
    { title: 'a garbled tick count', text: 'cpu0 1 x 3\n', error: /line 1: bad nice ticks in "cpu0 1 x 3"/ },
    { title: 'a bad cpu name', text: 'cpu 1\ncpuX 1\n', error: /line 2: bad cpu name/ },
    { title: 'a bad scalar', text: 'ctxt many\n', error: /line 1: bad ctxt value/ },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.error !== undefined) assert.throws(() => parseProcStat(c.text), { message: c.error });
      else assert.deepEqual(parseProcStat(c.text).cpus, c.cpus);
    });
  }

  it('leaves absent scalars undefined and ignores unknown lines', () => {
    const stat = parseProcStat('page 1 2\nswap 0 0\n');
    assert.equal(stat.total, undefined);
    assert.equal(stat.bootTime, undefined);
    assert.deepEqual(stat.cpus, []);
  });
});

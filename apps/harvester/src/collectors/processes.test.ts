import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { MetricFamily } from './collector.js';
import { FixtureTree } from './fixture-tree.js';
import { ProcessesCollector } from './processes.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, valueOf, type FixtureTreeName } from './testdata.js';

/** The series of family `name` as `{ ...labels, value }` rows, compact to compare with deepEqual. */
function rows(families: readonly MetricFamily[], name: string): Array<Record<string, string | number>> {
  return families
    .filter((f) => f.name === name)
    .flatMap((f) => f.metrics.map((m) => ({ ...m.labels, value: m.value })));
}

function byLabel(families: MetricFamily[], name: string, label: string): Record<string, number> {
  return Object.fromEntries(rows(families, name).map((r) => [String(r[label]), Number(r.value)]));
}

const stat = (pid: number, state: string, threads: number): string =>
  `${pid} (worker) ${state} 1 ${pid} ${pid} 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 ${threads} 0 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n`;

describe('processes collector', () => {
  const fixtures: Array<
    [FixtureTreeName, Record<string, number>, Record<string, number>, Record<string, number>]
  > = [
    [
      'x86',
      {
        node_processes_pids: 8,
        node_processes_threads: 14,
        node_processes_max_threads: 255014,
        node_processes_max_processes: 4194304,
      },
      { S: 4, I: 1, D: 1, R: 1, Z: 1 },
      { S: 9, I: 1, D: 1, R: 2, Z: 1 },
    ],
    [
      // /proc is mounted hidepid=invisible: the harvester sees its own process only.
      'rpi',
      {
        node_processes_pids: 1,
        node_processes_threads: 7,
        node_processes_max_threads: 30243,
        node_processes_max_processes: 4194304,
      },
      { S: 1 },
      { S: 6, R: 1 },
    ],
  ];
  for (const [tree, scalars, states, threadStates] of fixtures) {
    it(`counts the ${tree} fixture's processes and threads by state`, async () => {
      const families = await new ProcessesCollector().collect(fixtureContext(tree));
      for (const [name, want] of Object.entries(scalars)) assert.equal(valueOf(families, name), want, name);
      assert.deepEqual(byLabel(families, 'node_processes_state', 'state'), states);
      assert.deepEqual(byLabel(families, 'node_processes_threads_state', 'thread_state'), threadStates);
    });
  }

  it("uses node_exporter's names, HELP texts and types", async () => {
    const families = await new ProcessesCollector().collect(fixtureContext('rpi'));
    assert.deepEqual(
      families.map((f) => [f.name, f.type, f.help]),
      [
        ['node_processes_threads', 'gauge', 'Allocated threads in system'],
        ['node_processes_max_threads', 'gauge', 'Limit of threads in the system'],
        ['node_processes_state', 'gauge', 'Number of processes in each state.'],
        ['node_processes_threads_state', 'gauge', 'Number of threads in each state.'],
        ['node_processes_pids', 'gauge', 'Number of PIDs'],
        ['node_processes_max_processes', 'gauge', 'Number of max PIDs limit'],
      ],
    );
  });

  it('skips processes and threads that exit while being read', async () => {
    const tree = await FixtureTree.create({
      'proc/sys/kernel/threads-max': '1000\n',
      'proc/sys/kernel/pid_max': '32768\n',
      'proc/10/stat': stat(10, 'S', 3),
      'proc/10/task/10/stat': stat(10, 'S', 3),
      'proc/10/task/11/stat': stat(11, 'R', 3),
      'proc/10/task/12/comm': 'exited: its stat is gone\n',
      'proc/20/cmdline': 'exited: no stat\n',
      'proc/30/stat': stat(30, 'T', 1),
      'proc/self': { link: '30' },
      'proc/sys/kernel/ostype': 'Linux\n',
    });
    try {
      const families = await new ProcessesCollector().collect(tree.ctx);
      assert.equal(valueOf(families, 'node_processes_pids'), 2);
      assert.equal(valueOf(families, 'node_processes_threads'), 4);
      assert.deepEqual(byLabel(families, 'node_processes_state', 'state'), { S: 1, T: 1 });
      assert.deepEqual(byLabel(families, 'node_processes_threads_state', 'thread_state'), { S: 1, R: 1 });
    } finally {
      await tree.remove();
    }
  });

  it('fails on a malformed stat or a missing limit, as node_exporter does', async () => {
    const tree = await FixtureTree.create({
      'proc/sys/kernel/threads-max': '1000\n',
      'proc/7/stat': '7 (x) S 1\n',
    });
    try {
      await assert.rejects(new ProcessesCollector().collect(tree.ctx), {
        message: /^cannot parse .*\/proc\/7\/stat line 1: expected a state and a thread count/,
      });
      await tree.write({ 'proc/7/stat': stat(7, 'S', 1) });
      await assert.rejects(new ProcessesCollector().collect(tree.ctx), {
        message: /^cannot read .*\/proc\/sys\/kernel\/pid_max: ENOENT/,
      });
    } finally {
      await tree.remove();
    }
  });

  it('counts this machine consistently', { skip: SKIP_OFF_LINUX }, async () => {
    const families = await new ProcessesCollector().collect(HOST_CONTEXT);
    const pids = valueOf(families, 'node_processes_pids')!;
    const states = Object.values(byLabel(families, 'node_processes_state', 'state'));
    assert.ok(pids > 0);
    assert.equal(
      states.reduce((a, b) => a + b, 0),
      pids,
    );
    assert.ok(valueOf(families, 'node_processes_threads')! >= pids);
    const pidMax = Number(await readFile('/proc/sys/kernel/pid_max', 'utf8'));
    assert.equal(valueOf(families, 'node_processes_max_processes'), pidMax);
  });
});

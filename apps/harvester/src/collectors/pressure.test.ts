import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { PressureCollector } from './pressure.js';
import { isNoData } from './read.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, type FixtureTreeName } from './testdata.js';

function values(families: Awaited<ReturnType<PressureCollector['collect']>>): Record<string, number> {
  return Object.fromEntries(families.map((f) => [f.name, f.metrics[0]!.value]));
}

const line = (kind: string, total: number): string =>
  `${kind} avg10=0.00 avg60=0.00 avg300=0.00 total=${total}\n`;

describe('pressure collector', async () => {
  const fixtures: Array<[FixtureTreeName, Record<string, number>]> = [
    [
      'x86',
      {
        node_pressure_cpu_waiting_seconds_total: 412.398112,
        // Go's float64(187234561)/1000.0/1000.0, printed by node_exporter as is.
        node_pressure_io_waiting_seconds_total: 187.23456099999999,
        node_pressure_io_stalled_seconds_total: 142.987345,
        node_pressure_memory_waiting_seconds_total: 3.124587,
        node_pressure_memory_stalled_seconds_total: 2.871234,
        node_pressure_irq_stalled_seconds_total: 12.873521,
      },
    ],
    [
      // No /proc/pressure/irq (no CONFIG_IRQ_TIME_ACCOUNTING): skipped, not a failure.
      'rpi',
      {
        node_pressure_cpu_waiting_seconds_total: 198.234117,
        node_pressure_io_waiting_seconds_total: 612.87341,
        node_pressure_io_stalled_seconds_total: 498.12300400000004,
        node_pressure_memory_waiting_seconds_total: 0.041234,
        node_pressure_memory_stalled_seconds_total: 0.038119999999999994,
      },
    ],
  ];
  for (const [tree, want] of fixtures) {
    it(`reads the ${tree} fixture, in seconds`, async () => {
      const families = await new PressureCollector().collect(fixtureContext(tree));
      assert.deepEqual(values(families), want);
      assert.ok(families.every((f) => f.type === 'counter'));
    });
  }

  it("uses node_exporter's HELP texts", async () => {
    const families = await new PressureCollector().collect(fixtureContext('x86'));
    assert.deepEqual(
      families.map((f) => f.help),
      [
        'Total time in seconds that processes have waited for CPU time',
        'Total time in seconds that processes have waited due to IO congestion',
        'Total time in seconds no process could make progress due to IO congestion',
        'Total time in seconds that processes have waited for memory',
        'Total time in seconds no process could make progress due to memory congestion',
        'Total time in seconds no process could make progress due to IRQ congestion',
      ],
    );
  });

  it('divides microseconds as node_exporter does, twice by 1000', async () => {
    const tree = await FixtureTree.create({ 'proc/pressure/cpu': line('some', 333397791) });
    try {
      const families = await new PressureCollector().collect(tree.ctx);
      assert.equal(values(families).node_pressure_cpu_waiting_seconds_total, 333397791 / 1000 / 1000);
    } finally {
      await tree.remove();
    }
  });

  const tree = await FixtureTree.create({ 'proc/stat': '' });
  after(() => tree.remove());
  const noData: Array<[string, Record<string, string>, RegExp]> = [
    ['no /proc/pressure (Linux < 4.20, CONFIG_PSI off)', {}, /no \/proc\/pressure files/],
    [
      'io without its full line',
      { 'proc/pressure/io': line('some', 1) },
      /\/proc\/pressure\/io has no "full" line/,
    ],
    [
      'cpu without its some line',
      { 'proc/pressure/cpu': line('full', 1) },
      /\/proc\/pressure\/cpu has no "some" line/,
    ],
  ];
  for (const [title, files, message] of noData) {
    it(`reports no data (success 0, as node_exporter): ${title}`, async () => {
      const t = await FixtureTree.create({ 'proc/stat': '', ...files });
      try {
        await assert.rejects(new PressureCollector().collect(t.ctx), (err: unknown) => {
          assert.ok(isNoData(err));
          assert.match((err as Error).message, /^cannot collect pressure stall information: /);
          assert.match((err as Error).message, message);
          return true;
        });
      } finally {
        await t.remove();
      }
    });
  }

  it('fails outright on a malformed file', async () => {
    await tree.write({ 'proc/pressure/memory': 'some avg10=x\n' });
    await assert.rejects(new PressureCollector().collect(tree.ctx), (err: unknown) => {
      assert.ok(!isNoData(err));
      assert.match((err as Error).message, /^cannot parse \/proc\/pressure\/memory line 1: bad some line/);
      return true;
    });
  });

  it('reads this machine when it has PSI', { skip: SKIP_OFF_LINUX }, async (t) => {
    try {
      const got = values(await new PressureCollector().collect(HOST_CONTEXT));
      assert.ok(got.node_pressure_cpu_waiting_seconds_total! >= 0);
      assert.ok(Object.values(got).every((v) => Number.isFinite(v) && v >= 0));
    } catch (err) {
      if (!isNoData(err)) throw err;
      t.skip('no PSI on this kernel');
    }
  });
});

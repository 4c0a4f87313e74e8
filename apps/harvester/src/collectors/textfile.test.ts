import assert from 'node:assert/strict';
import { stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatText } from '../exposition/text-format.js';
import { collectAll } from './collector.js';
import { FixtureTree } from './fixture-tree.js';
import { LoadavgCollector } from './loadavg.js';
import { HOST_CONTEXT, TESTDATA, valueOf } from './testdata.js';
import { TextfileCollector } from './textfile.js';

const FIXTURE_DIR = join(TESTDATA, 'x86', 'rootfs', 'var', 'lib', 'prometheus', 'node-exporter');

describe('textfile collector', () => {
  it('emits only node_textfile_scrape_error 0 without directories (the default)', async () => {
    assert.deepEqual(await new TextfileCollector().collect(HOST_CONTEXT), [
      {
        name: 'node_textfile_scrape_error',
        help: '1 if there was an error opening or reading a file, 0 otherwise',
        type: 'gauge',
        metrics: [{ labels: {}, value: 0 }],
      },
    ]);
  });

  it('reads the *.prom files of the x86 fixture, histograms included', async () => {
    const collector = new TextfileCollector({ directories: [FIXTURE_DIR] });
    const families = await collector.collect(HOST_CONTEXT);
    assert.deepEqual(collector.problems, []);
    assert.equal(valueOf(families, 'node_textfile_scrape_error'), 0);
    assert.equal(valueOf(families, 'apt_upgrades_pending', { origin: 'Ubuntu:24.04/noble-security' }), 3);
    assert.equal(valueOf(families, 'node_reboot_required'), 0);
    assert.equal(valueOf(families, 'backup_last_success_timestamp_seconds'), 1732204800);
    assert.equal(valueOf(families, 'backup_duration_seconds_bucket', { le: '300' }), 27);
    assert.equal(valueOf(families, 'backup_duration_seconds_count'), 30);
    const mtime = families.find((f) => f.name === 'node_textfile_mtime_seconds')!;
    assert.equal(mtime.help, 'Unixtime mtime of textfiles successfully read.');
    assert.deepEqual(
      mtime.metrics.map((m) => m.labels.file),
      [join(FIXTURE_DIR, 'apt.prom'), join(FIXTURE_DIR, 'backup.prom')],
    );
    const aptMtime = (await stat(join(FIXTURE_DIR, 'apt.prom'))).mtimeMs;
    assert.equal(mtime.metrics[0]!.value, Math.trunc(aptMtime / 1000));
    // The temporary backup.prom.1234 is not a *.prom file.
    assert.equal(families.find((f) => f.name === 'backup_last_success_timestamp_seconds')!.metrics.length, 1);
  });

  describe('broken and conflicting files', async () => {
    const tree = await FixtureTree.create({
      'a/good.prom': '# HELP job_runs Runs.\n# TYPE job_runs counter\njob_runs{job="a"} 3\n',
      'a/no-newline.prom': 'job_runs{job="b"} 4',
      'a/stamped.prom': 'job_ok 1 1700000000000\n',
      'a/other-help.prom': '# HELP job_runs Something else.\njob_runs{job="c"} 5\n',
      'a/no-help.prom': 'role{role="db"} 1\n',
      'a/reserved.prom': 'node_textfile_scrape_error 0\n',
      'a/dir.prom/x': '',
      'b/more.prom': 'role{role="web",site="x"} 1\n',
    });
    after(() => tree.remove());
    // é in Latin-1 is a byte that is not UTF-8 (FixtureTree writes UTF-8, hence writeFile).
    await writeFile(join(tree.root, 'b/latin1.prom'), Buffer.from('x{v="\u00e9"} 1\n', 'latin1'));
    await utimes(join(tree.root, 'a/good.prom'), 1_700_000_000.9, 1_700_000_000.9);

    it('uses the good files and flags the others', async () => {
      const collector = new TextfileCollector({ directories: [join(tree.root, 'a'), join(tree.root, 'b')] });
      const families = await collector.collect(HOST_CONTEXT);
      assert.equal(valueOf(families, 'node_textfile_scrape_error'), 1);
      const a = join(tree.root, 'a');
      const b = join(tree.root, 'b');
      assert.deepEqual(collector.problems, [
        `cannot read textfile ${a}/dir.prom: EISDIR: illegal operation on a directory, read`,
        `cannot parse ${a}/no-newline.prom line 1: unexpected end of input stream`,
        `cannot use job_runs from ${a}/other-help.prom: its HELP differs from the one in ${a}/good.prom`,
        `cannot use node_textfile_scrape_error from ${a}/reserved.prom: the name belongs to the harvester itself`,
        `cannot use textfile ${a}/stamped.prom: line 1 has a client-side timestamp, which the textfile collector does not support`,
        `cannot parse ${b}/latin1.prom: not valid UTF-8`,
      ]);
      const text = formatText(families);
      assert.match(text, /^job_runs\{job="a"\} 3$/m);
      assert.doesNotMatch(text, /job="[bc]"/);
      // No HELP in either file: node_exporter names the files; label sets are kept per file.
      assert.match(text, new RegExp(`^# HELP role Metric read from ${a}/no-help.prom, ${b}/more.prom$`, 'm'));
      assert.match(text, /^role\{role="db"\} 1$/m);
      assert.match(text, /^role\{role="web",site="x"\} 1$/m);
      assert.match(
        text,
        new RegExp(`^node_textfile_mtime_seconds\\{file="${a}/good.prom"\\} 1.7e\\+09$`, 'm'),
      );
      // Files that failed have no mtime (other-help.prom and reserved.prom were read, so they do).
      assert.doesNotMatch(text, /mtime_seconds\{file="[^"]*(stamped|no-newline|latin1|dir)\.prom"\}/);
    });

    it('flags a directory it cannot read', async () => {
      const missing = join(tree.root, 'missing');
      const collector = new TextfileCollector({ directories: [missing] });
      const families = await collector.collect(HOST_CONTEXT);
      assert.equal(valueOf(families, 'node_textfile_scrape_error'), 1);
      assert.match(collector.problems[0]!, new RegExp(`^cannot read textfile directory ${missing}: ENOENT`));
    });

    it('expands a glob of directories', async () => {
      const collector = new TextfileCollector({ directories: [join(tree.root, '[b]')] });
      const families = await collector.collect(HOST_CONTEXT);
      assert.equal(valueOf(families, 'role', { site: 'x' }), 1);
    });

    it("loses a clash with the machine's own collectors in collectAll", async () => {
      await tree.write({
        'c/load.prom': 'node_load1 42\nnode_custom_info 1\n',
        'proc/loadavg': '0.5 0.4 0.3 1/100 42\n',
      });
      const clashes: string[] = [];
      const families = await collectAll(
        [new LoadavgCollector(), new TextfileCollector({ directories: [join(tree.root, 'c')] })],
        tree.ctx,
        () => 0,
        (_name, err) => clashes.push((err as Error).message),
      );
      assert.deepEqual(clashes, [
        'cannot use family node_load1 from textfile: the loadavg collector emits it',
      ]);
      assert.deepEqual(
        families.filter((f) => f.name === 'node_load1').map((f) => f.metrics[0]!.value),
        [0.5],
      );
      assert.equal(valueOf(families, 'node_custom_info'), 1);
      assert.equal(valueOf(families, 'node_scrape_collector_success', { collector: 'textfile' }), 1);
    });
  });
});

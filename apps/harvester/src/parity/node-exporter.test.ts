import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MOUNT_POINTS_EXCLUDE } from '../collectors/filesystem.js';
import { NodeExporterError, nodeExporterArgs, startNodeExporter } from './node-exporter.js';

describe('nodeExporterArgs', () => {
  it('enables only the named collectors and sets their filters to upstream defaults', () => {
    const args = nodeExporterArgs(
      { collectors: ['cpu', 'filesystem', 'netdev', 'textfile'], textfileDirectory: '/tmp/t' },
      '127.0.0.1:9999',
    );
    assert.deepEqual(args.slice(0, 6), [
      '--web.listen-address=127.0.0.1:9999',
      '--collector.disable-defaults',
      '--collector.cpu',
      '--collector.filesystem',
      '--collector.netdev',
      '--collector.textfile',
    ]);
    assert.ok(args.includes(`--collector.filesystem.mount-points-exclude=${DEFAULT_MOUNT_POINTS_EXCLUDE}`));
    // Debian's package excludes lo; upstream (and the harvester) exclude nothing.
    assert.ok(args.includes('--collector.netdev.device-exclude='));
    assert.ok(args.includes('--collector.textfile.directory=/tmp/t'));
    // Flags of collectors that are off are left out: node_exporter would accept them, but
    // the command line would claim settings that play no part.
    assert.equal(
      args.some((a) => a.startsWith('--collector.diskstats.') || a.startsWith('--collector.vmstat.')),
      false,
    );
    assert.equal(args.includes('--web.disable-exporter-metrics'), false);
  });

  it('drops the exporter metrics on request', () => {
    const args = nodeExporterArgs(
      { collectors: [], textfileDirectory: '/tmp/t', disableExporterMetrics: true },
      '127.0.0.1:1',
    );
    assert.equal(args.at(-1), '--web.disable-exporter-metrics');
  });
});

describe('startNodeExporter', () => {
  it('names the Debian package when the binary is missing', async () => {
    await assert.rejects(
      startNodeExporter({ collectors: [], textfileDirectory: '/tmp', binary: '/nonexistent/node_exporter' }),
      (err: unknown) =>
        err instanceof NodeExporterError &&
        err.code === 'node_exporter_missing' &&
        err.message.includes('prometheus-node-exporter'),
    );
  });

  it('fails with what the process printed when it exits instead of listening', async () => {
    await assert.rejects(
      startNodeExporter({
        collectors: [],
        textfileDirectory: '/tmp',
        binary: '/bin/false',
        readyTimeoutMs: 5000,
      }),
      (err: unknown) =>
        err instanceof NodeExporterError &&
        err.code === 'node_exporter_failed' &&
        /cannot start node_exporter: it exited/.test(err.message),
    );
  });
});

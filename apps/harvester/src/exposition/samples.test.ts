import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricFamily } from '../collectors/collector.js';
import { familiesToSamples } from './samples.js';

const FAMILIES: MetricFamily[] = [
  {
    name: 'node_filesystem_size_bytes',
    help: 'Filesystem size in bytes.',
    type: 'gauge',
    metrics: [
      { labels: { mountpoint: '/', device_error: '', device: '/dev/vda', fstype: 'ext4' }, value: 42 },
    ],
  },
  { name: 'node_load1', help: '1m load average.', type: 'gauge', metrics: [{ labels: {}, value: 0.5 }] },
];

describe('familiesToSamples', () => {
  it('adds __name__ and the extra labels, drops empty values, sorts labels, stamps every sample', () => {
    assert.deepEqual(familiesToSamples(FAMILIES, { instance: 'pi-4', team: '' }, 1_700_000_000_000), [
      {
        labels: [
          { name: '__name__', value: 'node_filesystem_size_bytes' },
          { name: 'device', value: '/dev/vda' },
          { name: 'fstype', value: 'ext4' },
          { name: 'instance', value: 'pi-4' },
          { name: 'mountpoint', value: '/' },
        ],
        value: 42,
        timestampMs: 1_700_000_000_000,
      },
      {
        labels: [
          { name: '__name__', value: 'node_load1' },
          { name: 'instance', value: 'pi-4' },
        ],
        value: 0.5,
        timestampMs: 1_700_000_000_000,
      },
    ]);
  });

  it('lets an extra label win a clash and keeps the metric value as exported_<name>', () => {
    const [sample] = familiesToSamples(
      [
        {
          name: 'm',
          help: '',
          type: 'gauge',
          metrics: [{ labels: { team: 'db', exported_team: 'x' }, value: 1 }],
        },
      ],
      { team: 'ops' },
      0,
    );
    assert.deepEqual(sample?.labels, [
      { name: '__name__', value: 'm' },
      { name: 'exported_exported_team', value: 'db' },
      { name: 'exported_team', value: 'x' },
      { name: 'team', value: 'ops' },
    ]);
  });

  it('keeps a metric label when the extra label of that name is empty', () => {
    const [sample] = familiesToSamples(
      [{ name: 'm', help: '', type: 'gauge', metrics: [{ labels: { team: 'db' }, value: 1 }] }],
      { team: '' },
      0,
    );
    assert.deepEqual(sample?.labels, [
      { name: '__name__', value: 'm' },
      { name: 'team', value: 'db' },
    ]);
  });

  it('refuses an extra __name__', () => {
    assert.throws(() => familiesToSamples(FAMILIES, { __name__: 'x' }, 0), {
      name: 'InvalidInputError',
      message: 'cannot add extra label "__name__": it is the metric name',
    });
  });
});

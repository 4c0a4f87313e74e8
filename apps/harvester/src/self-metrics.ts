import type { MetricFamily } from './collectors/collector.js';
import type { QueueStats } from './queue/index.js';
import type { ShipperStats } from './ship/index.js';

/**
 * The harvester's own health as metric families, collected with the node's every interval and
 * shipped the same way (so they carry the harvester's `instance` and `team`), and served on its
 * `/metrics` when that is on: the on-disk queue (what waits, what its bounds dropped) and the
 * shipper (what the nester accepted, failures). The nester's built-in HarvesterQueueDropping rule
 * watches `seahawks_harvester_queue_dropped_batches_total`.
 *
 * Counters count since the harvester started (the queue's and the shipper's counts since open),
 * so they restart from 0 with the process, which `rate()` and `increase()` take as a reset.
 */
export function harvesterSelfMetrics(queue: QueueStats, shipper: ShipperStats): MetricFamily[] {
  const one = (name: string, type: MetricFamily['type'], help: string, value: number): MetricFamily => ({
    name,
    help,
    type,
    metrics: [{ labels: {}, value }],
  });
  const families = [
    one(
      'seahawks_harvester_queue_batches',
      'gauge',
      'Batches in the on-disk queue the nester has not acknowledged yet.',
      queue.batches,
    ),
    one(
      'seahawks_harvester_queue_bytes',
      'gauge',
      'Bytes on disk of the batches the nester has not acknowledged yet.',
      queue.bytes,
    ),
    one(
      'seahawks_harvester_queue_dropped_batches_total',
      'counter',
      'Unsent batches dropped because the queue reached its size or age bound (queue.maxBytes, queue.maxAge).',
      queue.droppedBatches,
    ),
    one(
      'seahawks_harvester_queue_dropped_bytes_total',
      'counter',
      'Bytes of the unsent batches the queue bounds dropped.',
      queue.droppedBytes,
    ),
    one(
      'seahawks_harvester_queue_corrupt_bytes_total',
      'counter',
      'Bytes of damaged queue records cut off (torn tails after a crash, checksum failures).',
      queue.corruptBytes,
    ),
    one(
      'seahawks_harvester_shipped_batches_total',
      'counter',
      'Batches the nester accepted.',
      shipper.sentBatches,
    ),
    one(
      'seahawks_harvester_shipped_samples_total',
      'counter',
      'Samples in the batches the nester accepted.',
      shipper.sentSamples,
    ),
    one(
      'seahawks_harvester_ship_failures_total',
      'counter',
      'Requests to the nester that failed (retried with backoff), or whose credential was refused.',
      shipper.failures,
    ),
    one(
      'seahawks_harvester_ship_poison_batches_total',
      'counter',
      'Batches the nester refused as malformed (dropped so they do not block the queue).',
      shipper.poisonBatches,
    ),
  ];
  if (shipper.lastSuccessMs !== undefined) {
    families.push(
      one(
        'seahawks_harvester_ship_last_success_timestamp_seconds',
        'gauge',
        'When the nester last accepted a request, seconds since the epoch.',
        shipper.lastSuccessMs / 1000,
      ),
    );
  }
  return families;
}

/**
 * The node collectors' families followed by the self-metrics. A relayed family (a text file's)
 * with a self-metric's name is left out, so that nothing on the machine can pose as the queue.
 */
export function withSelfMetrics(
  families: readonly MetricFamily[],
  self: readonly MetricFamily[],
): MetricFamily[] {
  const names = new Set(self.map((f) => f.name));
  return [...families.filter((f) => !names.has(f.name)), ...self];
}

import { join } from 'node:path';
import { parseConntrackStat, type ConntrackStat } from '../procfs/conntrack-stat.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { CollectorNoDataError, errorCode, readText, readUnsigned } from './read.js';

// node_exporter's names and HELP texts for the per-CPU counters it sums. It exposes them as
// gauges although they only grow; so do we, for the dashboards' sake.
const STAT_FAMILIES: ReadonlyArray<[keyof ConntrackStat, string, string]> = [
  ['found', 'found', 'Number of searched entries which were successful.'],
  ['invalid', 'invalid', 'Number of packets seen which can not be tracked.'],
  ['ignore', 'ignore', 'Number of packets seen which are already connected to a conntrack entry.'],
  ['insert', 'insert', 'Number of entries inserted into the list.'],
  ['insertFailed', 'insert_failed', 'Number of entries for which list insertion was attempted but failed.'],
  ['drop', 'drop', 'Number of packets dropped due to conntrack failure.'],
  [
    'earlyDrop',
    'early_drop',
    'Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.',
  ],
  [
    'searchRestart',
    'search_restart',
    'Number of conntrack table lookups which had to be restarted due to hashtable resizes.',
  ],
];

/**
 * The `conntrack` collector: `node_nf_conntrack_entries` and `node_nf_conntrack_entries_limit`
 * from `<procRoot>/sys/net/netfilter/nf_conntrack_{count,max}`, and the eight
 * `node_nf_conntrack_stat_*` gauges summed over CPUs from `<procRoot>/net/stat/nf_conntrack`.
 *
 * Without the nf_conntrack module those files do not exist; node_exporter then reports "no
 * data" (`success 0`, logged at debug level), which here is a CollectorNoDataError.
 */
export class ConntrackCollector implements Collector {
  readonly name = 'conntrack';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const netfilter = join(ctx.procRoot, 'sys', 'net', 'netfilter');
    const count = await noDataIfAbsent(readUnsigned(join(netfilter, 'nf_conntrack_count')));
    const max = await noDataIfAbsent(readUnsigned(join(netfilter, 'nf_conntrack_max')));
    const stat = parseConntrackStat(
      await noDataIfAbsent(readText(join(ctx.procRoot, 'net', 'stat', 'nf_conntrack'))),
    );
    const gauge = (name: string, help: string, value: number): MetricFamily => ({
      name,
      help,
      type: 'gauge',
      metrics: [{ labels: {}, value }],
    });
    return [
      gauge(
        'node_nf_conntrack_entries',
        'Number of currently allocated flow entries for connection tracking.',
        count,
      ),
      gauge('node_nf_conntrack_entries_limit', 'Maximum size of connection tracking table.', max),
      ...STAT_FAMILIES.map(([key, suffix, help]) =>
        gauge(`node_nf_conntrack_stat_${suffix}`, help, stat[key]),
      ),
    ];
  }
}

/** Turns "file not found" into node_exporter's no-data outcome; other failures stay errors. */
async function noDataIfAbsent<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
    throw new CollectorNoDataError('conntrack statistics', 'the nf_conntrack module is not loaded', {
      cause: err,
    });
  }
}

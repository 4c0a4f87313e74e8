import { join } from 'node:path';
import { InvalidInputError } from '@seahawks/model';
import { parseProtocolStats, parseSnmp6, type ProtocolStats } from '../procfs/netstat.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { isNotFound, readText } from './read.js';

/**
 * node_exporter's default `--collector.netstat.fields` (1.9 to 1.12; 1.8 added TCPOFOQueue
 * and 1.9 TCPRcvQDrop to 1.5's): the error, forwarding, octet, ICMP, TCP listen/syncookie/
 * retransmit/out-of-order/receive-queue-drop and UDP counters.
 */
export const DEFAULT_NETSTAT_FIELDS =
  '^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts|TCPOFOQueue|TCPRcvQDrop)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$';

/** Options of the netstat collector. */
export interface NetstatOptions {
  /**
   * Which `<Protocol>_<Field>` keys to export (`--collector.netstat.fields`), unanchored as
   * Go's MatchString is; DEFAULT_NETSTAT_FIELDS carries its own `^…$`.
   */
  fields?: string;
}

/**
 * The `netstat` collector: `node_netstat_<Protocol>_<Field>` (untyped, HELP
 * `Statistic <Protocol><Field>.`) for the selected fields of /proc/net/netstat,
 * /proc/net/snmp and /proc/net/snmp6 (absent when IPv6 is disabled, which is not an error).
 * A protocol in a later file replaces the same protocol of an earlier one, as node_exporter
 * merges them (in practice the files share none).
 */
export class NetstatCollector implements Collector {
  readonly name = 'netstat';
  private readonly fields: RegExp;

  /** @throws InvalidInputError when the fields pattern does not compile. */
  constructor(options: NetstatOptions = {}) {
    const pattern = options.fields ?? DEFAULT_NETSTAT_FIELDS;
    try {
      this.fields = new RegExp(pattern, 'u');
    } catch (err) {
      throw new InvalidInputError(`cannot compile the netstat fields pattern ${JSON.stringify(pattern)}`, {
        cause: err,
      });
    }
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const [netstat, snmp, snmp6] = await Promise.all([
      readText(join(ctx.procRoot, 'net', 'netstat')),
      readText(join(ctx.procRoot, 'net', 'snmp')),
      readSnmp6(join(ctx.procRoot, 'net', 'snmp6')),
    ]);
    const merged: ProtocolStats = new Map([
      ...parseProtocolStats(netstat, '/proc/net/netstat'),
      ...parseProtocolStats(snmp, '/proc/net/snmp'),
      ...(snmp6 === undefined ? [] : parseSnmp6(snmp6)),
    ]);
    const out: MetricFamily[] = [];
    for (const [protocol, stats] of merged) {
      for (const [field, value] of stats) {
        const key = `${protocol}_${field}`;
        if (!this.fields.test(key)) continue;
        out.push({
          name: `node_netstat_${key}`,
          help: `Statistic ${protocol}${field}.`,
          type: 'untyped',
          metrics: [{ labels: {}, value }],
        });
      }
    }
    return out;
  }
}

/** /proc/net/snmp6, or undefined on a kernel without IPv6. */
async function readSnmp6(path: string): Promise<string | undefined> {
  try {
    return await readText(path);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

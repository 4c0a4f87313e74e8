import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { AT_PAGESZ, nativeWordBytes, parseAuxv } from '../procfs/auxv.js';
import { parseSockstat, type Sockstat } from '../procfs/sockstat.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { isNotFound, readText } from './read.js';

/** The page size assumed when the auxiliary vector cannot be read: 4 KiB, as on x86 and most ARM kernels. */
export const FALLBACK_PAGE_SIZE = 4096;

/** Options of the sockstat collector. */
export interface SockstatOptions {
  /**
   * Bytes per page for `node_sockstat_<PROTO>_mem_bytes`. Default: the kernel's, read from
   * `<procRoot>/self/auxv` (AT_PAGESZ; 16 KiB on a Raspberry Pi 5 kernel, 64 KiB on some
   * arm64 servers), else FALLBACK_PAGE_SIZE.
   */
  pageSize?: number;
}

const SOCKSTAT_KEYS = ['inuse', 'orphan', 'tw', 'alloc', 'mem', 'memory'] as const;

/**
 * The `sockstat` collector, from /proc/net/sockstat and /proc/net/sockstat6:
 * `node_sockstat_sockets_used` (IPv4 only) and `node_sockstat_<PROTO>_<key>` gauges for
 * inuse (always), orphan, tw, alloc, mem (pages) and memory (bytes) as each line has them,
 * plus `node_sockstat_<PROTO>_mem_bytes` = mem × page size. HELP is
 * `Number of <PROTO> sockets in state <key>.` as in node_exporter, even for the byte counts.
 * A missing file (IPv6 disabled) is skipped.
 */
export class SockstatCollector implements Collector {
  readonly name = 'sockstat';
  private pageSize: Promise<number> | undefined;

  constructor(options: SockstatOptions = {}) {
    if (options.pageSize !== undefined) this.pageSize = Promise.resolve(options.pageSize);
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    // The page size cannot change while the kernel runs: read it once.
    this.pageSize ??= readPageSize(ctx.procRoot);
    const [v4, v6, pageSize] = await Promise.all([
      readSockstat(join(ctx.procRoot, 'net', 'sockstat'), '/proc/net/sockstat'),
      readSockstat(join(ctx.procRoot, 'net', 'sockstat6'), '/proc/net/sockstat6'),
      this.pageSize,
    ]);
    const out: MetricFamily[] = [];
    const gauge = (name: string, help: string, value: number): void => {
      out.push({ name: `node_sockstat_${name}`, help, type: 'gauge', metrics: [{ labels: {}, value }] });
    };
    if (v4?.used !== undefined) gauge('sockets_used', 'Number of IPv4 sockets in use.', v4.used);
    for (const protocol of [...(v4?.protocols ?? []), ...(v6?.protocols ?? [])]) {
      const state = (key: string, value: number | undefined): void => {
        if (value === undefined) return;
        gauge(
          `${protocol.protocol}_${key}`,
          `Number of ${protocol.protocol} sockets in state ${key}.`,
          value,
        );
      };
      for (const key of SOCKSTAT_KEYS) state(key, protocol[key]);
      if (protocol.mem !== undefined) state('mem_bytes', protocol.mem * pageSize);
    }
    return out;
  }
}

async function readSockstat(path: string, file: string): Promise<Sockstat | undefined> {
  let text: string;
  try {
    text = await readText(path);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  return parseSockstat(text, file);
}

/**
 * AT_PAGESZ from `<procRoot>/self/auxv`. Under a DaemonSet's host /proc, `self` still
 * resolves to this process (it has a PID in the host's namespace too), and the page size is
 * the one kernel's anyway. A fixture tree has no `self`, and a /proc mounted with `hidepid`
 * may refuse it: any failure falls back to FALLBACK_PAGE_SIZE rather than failing every
 * scrape for one multiplier.
 */
async function readPageSize(procRoot: string): Promise<number> {
  try {
    const bytes = await readFile(join(procRoot, 'self', 'auxv'));
    return parseAuxv(bytes, nativeWordBytes(), endianness() === 'LE').get(AT_PAGESZ) ?? FALLBACK_PAGE_SIZE;
  } catch {
    // Documented on SockstatOptions.pageSize: a wrong multiplier beats no sockstat at all.
    return FALLBACK_PAGE_SIZE;
  }
}

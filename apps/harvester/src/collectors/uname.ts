import { readFile } from 'node:fs/promises';
import { hostname, machine, release, type, version } from 'node:os';
import { join } from 'node:path';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { CollectorReadError, isNotFound } from './read.js';

/** uname(2) has no field for it without a domain; the kernel's own placeholder. */
const NO_DOMAIN = '(none)';

/**
 * Each label of node_uname_info: the file under `<procRoot>/sys/kernel/` that holds it, and
 * what uname(2) (through node:os) says when that file is missing (`arch` only exists on
 * kernels since about 6.0).
 */
const FIELDS: ReadonlyArray<[label: string, file: string, fallback: () => string]> = [
  ['sysname', 'ostype', type],
  ['release', 'osrelease', release],
  ['version', 'version', version],
  ['machine', 'arch', machine],
  ['nodename', 'hostname', hostname],
  ['domainname', 'domainname', () => NO_DOMAIN],
];

/**
 * The `uname` collector: `node_uname_info{sysname,release,version,machine,nodename,domainname}`
 * = 1, HELP `Labeled system information as provided by the uname system call.`
 *
 * node_exporter calls uname(2); this reads the same strings from `<procRoot>/sys/kernel/`
 * (`ostype`, `osrelease`, `version`, `arch`, `hostname`, `domainname`) so fixture trees work,
 * and falls back to node:os per field. The kernel answers `hostname` and `domainname` for the
 * UTS namespace of the process reading them, whichever /proc it is read through, so under a
 * DaemonSet `nodename` is the host's only with `hostNetwork` (which shares the host's UTS
 * namespace) — exactly as for node_exporter.
 */
export class UnameCollector implements Collector {
  readonly name = 'uname';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const values = await Promise.all(
      FIELDS.map(([, file, fallback]) =>
        readKernelString(join(ctx.procRoot, 'sys', 'kernel', file), fallback),
      ),
    );
    const labels = Object.fromEntries(FIELDS.map(([label], i) => [label, values[i]!]));
    return [
      {
        name: 'node_uname_info',
        help: 'Labeled system information as provided by the uname system call.',
        type: 'gauge',
        metrics: [{ labels, value: 1 }],
      },
    ];
  }
}

/** One /proc/sys/kernel string without its newline; the node:os value when the file is absent. */
async function readKernelString(path: string, fallback: () => string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).replace(/\n$/, '');
  } catch (err) {
    if (isNotFound(err)) return fallback();
    throw new CollectorReadError(path, err);
  }
}

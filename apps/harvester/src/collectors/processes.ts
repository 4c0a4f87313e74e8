import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePidStat, type PidStat } from '../procfs/pid-stat.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { CollectorReadError, errorCode, readText, readUnsigned } from './read.js';

// Files read at once (per process, and threads within one): enough to overlap the reads, few enough never to meet EMFILE.
const CONCURRENCY = 32;
const PID_RE = /^[0-9]+$/;

interface Census {
  pids: number;
  threads: number;
  states: Map<string, number>;
  threadStates: Map<string, number>;
}

/**
 * The `processes` collector (off by default, as in node_exporter), from every
 * `<procRoot>/<pid>/stat` and `<procRoot>/<pid>/task/<tid>/stat`: `node_processes_pids`,
 * `node_processes_threads` (sum of num_threads), `node_processes_state{state}`,
 * `node_processes_threads_state{thread_state}`, and the limits `node_processes_max_processes`
 * (kernel.pid_max) and `node_processes_max_threads` (kernel.threads-max), all gauges.
 * States are the kernel's letters (R, S, D, Z, T, t, I, X). Processes and threads that exit
 * while being read (ENOENT, ESRCH) are skipped; any other unreadable stat fails the
 * collector, as in node_exporter. With `hidepid` only the visible processes count.
 */
export class ProcessesCollector implements Collector {
  readonly name = 'processes';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const census = await takeCensus(ctx.procRoot);
    const [maxThreads, pidMax] = await Promise.all([
      readUnsigned(join(ctx.procRoot, 'sys', 'kernel', 'threads-max')),
      readUnsigned(join(ctx.procRoot, 'sys', 'kernel', 'pid_max')),
    ]);
    const gauge = (name: string, help: string, value: number): MetricFamily => ({
      name,
      help,
      type: 'gauge',
      metrics: [{ labels: {}, value }],
    });
    const byState = (
      name: string,
      help: string,
      label: string,
      counts: Map<string, number>,
    ): MetricFamily => ({
      name,
      help,
      type: 'gauge',
      metrics: [...counts].map(([state, value]) => ({ labels: { [label]: state }, value })),
    });
    return [
      gauge('node_processes_threads', 'Allocated threads in system', census.threads),
      gauge('node_processes_max_threads', 'Limit of threads in the system', maxThreads),
      byState('node_processes_state', 'Number of processes in each state.', 'state', census.states),
      byState(
        'node_processes_threads_state',
        'Number of threads in each state.',
        'thread_state',
        census.threadStates,
      ),
      gauge('node_processes_pids', 'Number of PIDs', census.pids),
      gauge('node_processes_max_processes', 'Number of max PIDs limit', pidMax),
    ];
  }
}

async function takeCensus(procRoot: string): Promise<Census> {
  let names: string[];
  try {
    names = await readdir(procRoot);
  } catch (err) {
    throw new CollectorReadError(procRoot, err);
  }
  const pids = names.filter((n) => PID_RE.test(n));
  const census: Census = { pids: 0, threads: 0, states: new Map(), threadStates: new Map() };
  const processes = await mapInBatches(pids, (pid) => readProcess(join(procRoot, pid), pid));
  for (const p of processes) {
    if (p === undefined) continue;
    census.pids++;
    census.threads += p.stat.numThreads;
    increment(census.states, p.stat.state);
    for (const state of p.threadStates) increment(census.threadStates, state);
  }
  return census;
}

/** A process's stat and the states of its threads; undefined when it exited meanwhile. */
async function readProcess(
  dir: string,
  pid: string,
): Promise<{ stat: PidStat; threadStates: string[] } | undefined> {
  const stat = await readStat(join(dir, 'stat'));
  if (stat === undefined) return undefined;
  let tids: string[];
  try {
    tids = (await readdir(join(dir, 'task'))).filter((n) => PID_RE.test(n));
  } catch (err) {
    if (!gone(err)) throw new CollectorReadError(join(dir, 'task'), err);
    return { stat, threadStates: [] };
  }
  // The main thread's state is the process's own, as node_exporter counts it (no re-read).
  const states = await mapInBatches(tids, async (tid) =>
    tid === pid ? stat.state : (await readStat(join(dir, 'task', tid, 'stat')))?.state,
  );
  return { stat, threadStates: states.filter((s): s is string => s !== undefined) };
}

async function readStat(path: string): Promise<PidStat | undefined> {
  let text: string;
  try {
    text = await readText(path);
  } catch (err) {
    if (gone(err)) return undefined;
    throw err;
  }
  return parsePidStat(text, path);
}

/** The process or thread exited between listing and reading: not an error. */
function gone(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ESRCH';
}

/** Maps over `items` CONCURRENCY at a time, keeping their order. */
async function mapInBatches<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY) {
    out.push(...(await Promise.all(items.slice(i, i + CONCURRENCY).map(fn))));
  }
  return out;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

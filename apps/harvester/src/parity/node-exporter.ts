import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeError, SeahawksError } from '@seahawks/model';
import { DEFAULT_DISKSTATS_DEVICE_EXCLUDE } from '../collectors/diskstats.js';
import { DEFAULT_FS_TYPES_EXCLUDE, DEFAULT_MOUNT_POINTS_EXCLUDE } from '../collectors/filesystem.js';
import { DEFAULT_NETSTAT_FIELDS } from '../collectors/netstat.js';
import { DEFAULT_VMSTAT_FIELDS } from '../collectors/vmstat.js';

/** Where Debian's `prometheus-node-exporter` package installs node_exporter. */
export const NODE_EXPORTER_BINARY = '/usr/bin/prometheus-node-exporter';

/** node_exporter could not be found, started, or scraped. */
export class NodeExporterError extends SeahawksError {
  constructor(code: 'node_exporter_missing' | 'node_exporter_failed', message: string, cause?: unknown) {
    super(code, message, { cause });
  }
}

/** What a node_exporter compared with the harvester collects, and how it runs. */
export interface NodeExporterOptions {
  /** Collector names to enable; every other collector is off (`--collector.disable-defaults`). */
  collectors: readonly string[];
  /** Directory for the textfile collector: an empty directory of the caller's own. */
  textfileDirectory: string;
  /** Drop node_exporter's own go_*, process_* and promhttp_* families (default false). */
  disableExporterMetrics?: boolean;
  /** Default NODE_EXPORTER_BINARY. */
  binary?: string;
  /** How long to wait for the listener (default 10000 ms). */
  readyTimeoutMs?: number;
}

/** A node_exporter child process listening on a loopback port. */
export interface RunningNodeExporter {
  readonly pid: number;
  /** `http://127.0.0.1:<port>/metrics`. */
  readonly metricsUrl: string;
  /** One scrape: node_exporter collects only now, when asked. Resolves to the text format. */
  scrape(): Promise<string>;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. Never throws. */
  stop(): Promise<void>;
}

/**
 * The command line that makes node_exporter collect what the harvester collects with its
 * defaults: only the named collectors, and every filter flag set explicitly to upstream's
 * current default (the harvester's DEFAULT_* constants). Explicit because Debian's package
 * patches some defaults (it also excludes /run, /mnt and /media from filesystem and `lo` from
 * netdev) and upstream's moved between 1.5 and 1.12 (zram in diskstats, erofs and
 * /run/credentials in filesystem, TCPOFOQueue and TCPRcvQDrop in netstat). The patterns are
 * the same text on both sides: JavaScript and Go's RE2 read them alike.
 */
export function nodeExporterArgs(options: NodeExporterOptions, listenAddress: string): string[] {
  const args = [
    `--web.listen-address=${listenAddress}`,
    '--collector.disable-defaults',
    ...options.collectors.map((name) => `--collector.${name}`),
  ];
  const enabled = new Set(options.collectors);
  const flag = (collector: string, name: string, value: string): void => {
    if (enabled.has(collector)) args.push(`--collector.${collector}.${name}=${value}`);
  };
  flag('filesystem', 'mount-points-exclude', DEFAULT_MOUNT_POINTS_EXCLUDE);
  flag('filesystem', 'fs-types-exclude', DEFAULT_FS_TYPES_EXCLUDE);
  flag('diskstats', 'device-exclude', DEFAULT_DISKSTATS_DEVICE_EXCLUDE);
  // Upstream excludes no network device; an empty pattern is "no filter" on both sides.
  flag('netdev', 'device-exclude', '');
  flag('netstat', 'fields', DEFAULT_NETSTAT_FIELDS);
  flag('vmstat', 'fields', DEFAULT_VMSTAT_FIELDS);
  flag('textfile', 'directory', options.textfileDirectory);
  if (options.disableExporterMetrics === true) args.push('--web.disable-exporter-metrics');
  return args;
}

/**
 * Starts node_exporter on a free loopback port and waits until it answers. A port taken
 * between choosing and binding is retried with another, three times at most.
 * @throws NodeExporterError `node_exporter_missing` when the binary is absent (the message
 *   names the Debian package), `node_exporter_failed` when it exits or never listens.
 */
export async function startNodeExporter(options: NodeExporterOptions): Promise<RunningNodeExporter> {
  const binary = options.binary ?? NODE_EXPORTER_BINARY;
  try {
    await access(binary, constants.X_OK);
  } catch (err) {
    throw new NodeExporterError(
      'node_exporter_missing',
      `cannot start node_exporter: ${binary} is not there (${describeError(err)}); install the Debian ` +
        'package prometheus-node-exporter (scripts/ensure-system-deps.sh does)',
      err,
    );
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeLoopbackPort();
    try {
      return await launch(binary, options, port);
    } catch (err) {
      lastError = err;
      if (!(err instanceof NodeExporterError) || !/address already in use/.test(err.message)) throw err;
    }
  }
  throw lastError;
}

async function launch(
  binary: string,
  options: NodeExporterOptions,
  port: number,
): Promise<RunningNodeExporter> {
  const child = spawn(binary, nodeExporterArgs(options, `127.0.0.1:${port}`), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-16_384);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // A failed spawn or kill arrives as 'error'; keep it with the output the messages quote.
  child.on('error', (err) => keep(Buffer.from(`\n${err.message}`)));
  // No node_exporter outlives a crashed or interrupted run.
  const guard = (): void => {
    if (running(child)) child.kill('SIGKILL');
  };
  process.once('exit', guard);
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  // 'close' comes after the last output, which says why a process that exited failed.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopChild(child);
    process.removeListener('exit', guard);
  };
  try {
    await spawned;
    await waitUntilListening(child, `${base}/`, options.readyTimeoutMs ?? 10_000, async () => {
      await Promise.race([closed, sleep(1000)]);
      return output;
    });
  } catch (err) {
    await stop();
    if (err instanceof NodeExporterError) throw err;
    throw new NodeExporterError('node_exporter_failed', `cannot start ${binary}: ${describeError(err)}`, err);
  }
  return { pid: child.pid!, metricsUrl: `${base}/metrics`, scrape: () => scrape(`${base}/metrics`), stop };
}

async function waitUntilListening(
  child: ChildProcess,
  url: string,
  timeoutMs: number,
  output: () => Promise<string>,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!running(child))
      throw new NodeExporterError(
        'node_exporter_failed',
        `cannot start node_exporter: it exited: ${await output()}`,
      );
    try {
      // The landing page, not /metrics: asking /metrics would run a collection.
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch (err) {
      // Not listening yet (ECONNREFUSED): poll again until the deadline.
      if (!(err instanceof TypeError) && !(err instanceof DOMException)) throw err;
    }
    await sleep(50);
  }
  throw new NodeExporterError(
    'node_exporter_failed',
    `cannot start node_exporter: ${url} did not answer within ${timeoutMs} ms: ${await output()}`,
  );
}

async function scrape(url: string): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    return text;
  } catch (err) {
    throw new NodeExporterError('node_exporter_failed', `cannot scrape ${url}: ${describeError(err)}`, err);
  }
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (!running(child) || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A loopback port free now (another process may take it before node_exporter binds: retried). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() =>
        port > 0 ? resolve(port) : reject(new Error('cannot find a free loopback port: no port assigned')),
      );
    });
  });
}

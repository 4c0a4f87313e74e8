import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { ScrapeTarget } from './target-config.js';

/** Test support: a real exporter on 127.0.0.1 (port chosen by the system) whose answer tests set. */
export interface ExporterReply {
  readonly status?: number;
  readonly contentType?: string;
  readonly body: string;
  /** Wait this long (ms) before answering. */
  readonly delayMs?: number;
  /** Compress the body when the request accepts gzip. */
  readonly gzip?: boolean;
}

export interface TestExporter {
  /** `http://127.0.0.1:<port>/metrics`. */
  readonly url: string;
  /** `127.0.0.1:<port>`, the instance Prometheus would give it. */
  readonly address: string;
  /** Headers of every request, in order. */
  readonly requests: IncomingHttpHeaders[];
  reply: ExporterReply;
  close(): Promise<void>;
}

export const TEXT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export async function startExporter(reply: ExporterReply): Promise<TestExporter> {
  const requests: IncomingHttpHeaders[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const exporter = { reply };
  const server: Server = createServer((req, res) => {
    requests.push(req.headers);
    const r = exporter.reply;
    const answer = (): void => {
      const gzip = r.gzip === true && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      const body = gzip ? gzipSync(r.body) : Buffer.from(r.body);
      res.writeHead(r.status ?? 200, {
        'content-type': r.contentType ?? TEXT_TYPE,
        'content-length': body.length,
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(body);
    };
    if (r.delayMs === undefined) return answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, r.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(exporter, {
    url: `http://127.0.0.1:${port}/metrics`,
    address: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}

/** A resolved target for `url` with test defaults (job `app`, 1s timeout, no labels of its own). */
export function testTarget(url: string, overrides: Partial<ScrapeTarget> = {}): ScrapeTarget {
  const { host } = new URL(url);
  const job = overrides.job ?? 'app';
  return {
    job,
    url,
    intervalMs: 15_000,
    timeoutMs: 1000,
    labels: { job, instance: host },
    honorLabels: false,
    sampleLimit: 50_000,
    ...overrides,
  };
}

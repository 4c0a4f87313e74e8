import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeWriteRequest, encodeWriteRequest, snappyCompress, snappyUncompress } from '@seahawks/protocol';
import type { RemoteWriteSeries } from '@seahawks/protocol';

/** Test support: a real remote_write receiver on 127.0.0.1 (port chosen by the system). */
export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly series: RemoteWriteSeries[];
  /** The `job` label of every series, in order: tests tag batches through it. */
  readonly jobs: string[];
}

export interface Reply {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

export interface TestReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Decides the answer to each request; default 204. `hang` never answers. */
  respond: (request: ReceivedRequest) => Reply | 'hang';
  close(): Promise<void>;
}

export async function startReceiver(): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const receiver: { respond: (request: ReceivedRequest) => Reply | 'hang' } = {
    respond: () => ({ status: 204 }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const series = decodeWriteRequest(snappyUncompress(Buffer.concat(chunks), 1 << 24)).series;
      const jobs = series.map((s) => s.labels.find((l) => l.name === 'job')?.value ?? '');
      const request = { headers: req.headers, series, jobs };
      requests.push(request);
      const reply = receiver.respond(request);
      if (reply === 'hang') return;
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/api/v1/write`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}

/** A queue payload as the agent writes it: one series tagged `job`, `samples` samples ending at `t`. */
export function batchPayload(job: string, t: number, samples = 1): Uint8Array {
  const points = Array.from({ length: samples }, (_, i) => ({ t: t - (samples - 1 - i) * 1000, v: i }));
  return snappyCompress(
    encodeWriteRequest([
      {
        labels: [
          { name: '__name__', value: 'up' },
          { name: 'job', value: job },
        ],
        samples: points,
      },
    ]),
  );
}

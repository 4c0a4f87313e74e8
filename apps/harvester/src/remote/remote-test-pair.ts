import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../queue/index.js';
import type { SessionHandler } from '../tunnel/handlers.js';

/** A session handler served on a loopback WebSocket, and the client end, for tests. */
export interface SessionPair {
  readonly client: WebSocket;
  readonly logs: string[];
  /** Sends the start frame (after the test attached its listeners). */
  start(): void;
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1 (port chosen by the system) and connects one client to it. */
export async function sessionPair(
  handler: SessionHandler,
  params: Record<string, never> | object = {},
): Promise<SessionPair> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const logs: string[] = [];
  const logger: Logger = (level, message) => logs.push(`${level}: ${message}`);
  server.on('connection', (socket) => handler(socket, params as never, logger));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await once(client, 'open');
  return {
    start: () => client.send('start'),
    client,
    logs,
    close: async () => {
      client.terminate();
      for (const s of server.clients) s.terminate();
      await new Promise((r) => server.close(r));
    },
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonFile } from '../state/json-file.js';
import { startAdminSocket } from './admin-socket.js';
import type { AdminSocket } from './admin-socket.js';
import { JoinTokenStore } from './join-tokens.js';
import { FleetRegistry } from './registry.js';

/** The hash tests print in join commands. */
export const FIXTURE_CA_HASH = `sha256:${'ab'.repeat(32)}`;
export const FIXTURE_TUNNEL_URL = 'https://nester.test:5000';

/** A real admin socket in a temporary data directory, with stores and a settable online set. */
export interface AdminSocketFixture {
  readonly dataDir: string;
  readonly socket: AdminSocket;
  readonly joinTokens: JoinTokenStore;
  readonly fleet: FleetRegistry;
  /** Names `onlineNames()` answers with; tests add and remove. */
  readonly online: Set<string>;
  /** Names passed to `revokeHarvester`, in order. */
  readonly revoked: string[];
  now: number;
  /** One raw request over the socket: status and parsed body. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** Starts the fixture; `close()` stops the socket and removes the directory. */
export async function startAdminSocketFixture(now = 1_700_000_000_000): Promise<AdminSocketFixture> {
  // Short: a Unix socket path is at most 107 bytes.
  const dataDir = await mkdtemp(join(tmpdir(), 'sh-admin-'));
  const joinTokens = await JoinTokenStore.open(new JsonFile(join(dataDir, 'join-tokens.json')));
  const fleet = await FleetRegistry.open(new JsonFile(join(dataDir, 'fleet.json')));
  const online = new Set<string>();
  const revoked: string[] = [];
  const fixture: Omit<AdminSocketFixture, 'socket'> & { socket?: AdminSocket } = {
    dataDir,
    joinTokens,
    fleet,
    online,
    revoked,
    now,
    call: (method, path, body) => rawCall(join(dataDir, 'nester.sock'), method, path, body),
    close: async () => {
      await fixture.socket?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  fixture.socket = await startAdminSocket({
    dataDir,
    joinTokens,
    fleet,
    revokeHarvester: async (name) => {
      revoked.push(name);
      return fleet.revoke(name, fixture.now);
    },
    onlineNames: () => new Set(online),
    tunnelUrl: FIXTURE_TUNNEL_URL,
    caHash: () => FIXTURE_CA_HASH,
    clock: () => fixture.now,
  });
  return fixture as AdminSocketFixture;
}

function rawCall(
  socketPath: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method,
        path,
        agent: false,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { JsonValue } from '@seahawks/protocol';
import type { WebSocket } from 'ws';
import { SessionBroker } from './session-broker.js';
import { TunnelError } from './tunnel-errors.js';

/** A stand-in socket: the broker only listens for 'close' and calls close(). */
function fakeSocket(): WebSocket & { closedWith?: [number, string] } {
  const s = new EventEmitter() as unknown as WebSocket & { closedWith?: [number, string] };
  (s as unknown as { close: (code: number, reason: string) => void }).close = (code, reason) => {
    s.closedWith = [code, reason];
    s.emit('close');
  };
  return s;
}

function setup(answer: (params: JsonValue) => Promise<JsonValue> = () => Promise.resolve({})) {
  let now = 1_000;
  let n = 0;
  const asked: JsonValue[] = [];
  const broker = new SessionBroker(
    { request: (_name, _method, params) => (asked.push(params), answer(params)) },
    { ttlMs: 10_000, clock: () => now, newToken: () => `token-${++n}` },
  );
  return { broker, asked, advance: (ms: number) => (now += ms) };
}

describe('session broker', () => {
  it('pairs the socket presented with the token, once', async () => {
    const { broker, asked } = setup();
    const opening = broker.open('pi', 'echo', { cols: 80 }, 5000);
    assert.deepEqual(asked, [{ token: 'token-1', kind: 'echo', params: { cols: 80 } }]);
    const claim = broker.claim('token-1', 'pi');
    assert.ok(claim);
    const socket = fakeSocket();
    claim.deliver(socket);
    assert.equal(await opening, socket);
    assert.equal(broker.claim('token-1', 'pi'), undefined, 'a replay finds nothing');
  });

  it('burns a token presented by another harvester, and the open fails', async () => {
    const { broker } = setup();
    const opening = broker.open('pi', 'echo', {}, 5000);
    assert.equal(broker.claim('token-1', 'intruder'), undefined);
    assert.equal(broker.claim('token-1', 'pi'), undefined, 'burnt');
    await assert.rejects(opening, /cannot open echo session on pi: its token was presented by intruder/);
  });

  it('refuses an expired token', async () => {
    const { broker, advance } = setup();
    const opening = broker.open('pi', 'echo', {}, 5000);
    advance(10_001);
    assert.equal(broker.claim('token-1', 'pi'), undefined);
    await assert.rejects(
      opening,
      (err: unknown) =>
        err instanceof TunnelError && /cannot open echo session on pi: its token expired/.test(err.message),
    );
  });

  it("closes a socket that arrived when the harvester's reply is an error", async () => {
    let reject!: (err: Error) => void;
    const { broker } = setup(() => new Promise((_resolve, r) => (reject = r)));
    const opening = broker.open('pi', 'echo', {}, 5000);
    const socket = fakeSocket();
    broker.claim('token-1', 'pi')!.deliver(socket);
    reject(new TunnelError('remote', 'cannot open echo session: nope', 'session_dial_failed'));
    await assert.rejects(opening, /nope/);
    assert.equal(socket.closedWith?.[0], 1011);
  });

  it('closes every session of a revoked harvester', async () => {
    const { broker } = setup();
    const opening = broker.open('pi', 'echo', {}, 5000);
    const socket = fakeSocket();
    broker.claim('token-1', 'pi')!.deliver(socket);
    await opening;
    const waiting = broker.open('pi', 'echo', {}, 5000);
    broker.closeAll('pi', 4001, 'revoked');
    assert.deepEqual(socket.closedWith, [4001, 'revoked']);
    await assert.rejects(waiting, /cannot open echo session on pi: revoked/);
  });
});

import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTransport } from './transport.js';
import { createTunnelClient } from './tunnel-client.js';
import type { Timers, TunnelClient, TunnelState } from './tunnel-client.js';

/** Timers that only fire when the test says so. */
function manualTimers(): Timers & {
  pending: Array<{ fn: () => void; ms: number; id: number }>;
  fire(): number;
} {
  let next = 0;
  const pending: Array<{ fn: () => void; ms: number; id: number }> = [];
  return {
    pending,
    setTimeout: (fn, ms) => {
      pending.push({ fn, ms, id: ++next });
      return next;
    },
    clearTimeout: (id) => {
      const i = pending.findIndex((p) => p.id === id);
      if (i >= 0) pending.splice(i, 1);
    },
    fire: () => {
      const t = pending.shift();
      assert.ok(t, 'a timer is pending');
      t.fn();
      return t.ms;
    },
  };
}

async function until(what: string, check: () => boolean): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 2000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('tunnel client state machine', () => {
  let closedPort = 0;
  before(async () => {
    // A port nobody listens on: every dial fails at once with ECONNREFUSED.
    const s = createServer();
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    closedPort = (s.address() as AddressInfo).port;
    await new Promise((resolve) => s.close(resolve));
  });

  let client: TunnelClient | undefined;
  after(async () => {
    await client?.stop();
  });

  it('backs off exponentially with jitter, capped, and stops for good on stop()', async () => {
    const timers = manualTimers();
    const states: TunnelState[] = [];
    const logs: string[] = [];
    client = createTunnelClient({
      nester: `https://127.0.0.1:${closedPort}`,
      credential: 'shc_x',
      transport: createTransport({
        caPem: undefined,
        caSource: 'system',
        proxy: undefined,
        verifyServerName: false,
      }),
      inventory: () => Promise.resolve({}),
      logger: (_level, message) => logs.push(message),
      timers,
      random: () => 0.5,
      onStateChange: (s) => states.push(s),
    });
    assert.equal(client.state(), 'disconnected');
    client.start();
    assert.equal(client.state(), 'connecting');
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      await until(`failure ${i + 1}`, () => client!.state() === 'backing_off' && timers.pending.length === 1);
      delays.push(timers.fire());
    }
    // 1 s doubling to 60 s, each minus half the jitter (random 0.5 × jitter 0.5 = 25 %).
    assert.deepEqual(delays, [750, 1500, 3000, 6000, 12000, 24000, 45000, 45000]);
    assert.match(
      client.lastError() ?? '',
      /^cannot connect to https:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*is the nester running/,
    );
    assert.ok(logs.some((l) => /retrying in 750 ms/.test(l)));
    assert.deepEqual(states.slice(0, 4), ['connecting', 'backing_off', 'connecting', 'backing_off']);
    await until('the ninth failure', () => client!.state() === 'backing_off');
    await client.stop();
    assert.equal(client.state(), 'stopped');
    assert.equal(timers.pending.length, 0, 'no redial is left scheduled');
  });
});

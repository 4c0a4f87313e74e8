// The tunnel across both apps, in process: the nester's TLS agent app and TunnelHub, harvester
// tunnel clients pinned to its CA. Loopback only, every wait bounded.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import type { JsonValue } from '@seahawks/protocol';
import {
  createTransport,
  defaultRequestHandlers,
  openSessionHandler,
} from '../../apps/harvester/src/tunnel/index.js';
import { loadOrCreatePki } from '../../apps/nester/src/fleet/pki.js';
import { isOnline } from '../../apps/nester/src/fleet/registry.js';
import { TunnelError } from '../../apps/nester/src/fleet/tunnel-errors.js';
import { closeOf, refusalOf, startTunnelFixture, waitFor } from './tunnel-fixture.js';
import type { TunnelFixture } from './tunnel-fixture.js';

describe('tunnel: nester hub and harvester client over TLS', () => {
  let f: TunnelFixture;
  before(async () => {
    f = await startTunnelFixture();
  });
  after(async () => {
    await f.close();
  });

  it('serves the CA without authentication and refuses an upgrade without a credential (401)', async () => {
    const transport = createTransport({
      caPem: f.pki.caPem,
      caSource: 'test',
      proxy: undefined,
      verifyServerName: false,
    });
    const res = await transport.fetch(`${f.url}/tunnel/v1/ca`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), f.pki.caPem);
    assert.equal(await refusalOf(f.raw(undefined)), 401);
    assert.equal(await refusalOf(f.raw('shc_AAAAAAAAAAAA_' + 'B'.repeat(43))), 401);
    transport.close();
  });

  it('says hello and is online within a second, inventory in the registry', async () => {
    const credential = await f.enroll('alpha');
    const started = Date.now();
    const p = f.client(credential);
    await waitFor('alpha online', 1000, () => f.hub.isOnline('alpha'));
    assert.ok(Date.now() - started < 1000);
    await waitFor('the client online', 1000, () => p.client.state() === 'online');
    assert.deepEqual(
      p.states.map((s) => s.state),
      ['connecting', 'authenticating', 'online'],
    );
    const h = f.nester.deps.fleet.byName('alpha')!;
    assert.deepEqual(h.inventory, { hostname: 'test-host', cpus: 2 });
    assert.equal(isOnline(h, Date.now(), 0, f.hub), true, 'online comes from the hub, not lastSeen');
    assert.deepEqual(f.hub.online(), ['alpha']);
  });

  it('ships metrics over the same pinned TLS with the transport fetch', async () => {
    const credential = await f.enroll('shipper');
    const transport = createTransport({
      caPem: f.pki.caPem,
      caSource: 'test',
      proxy: undefined,
      verifyServerName: false,
    });
    const body = snappyCompress(
      encodeWriteRequest([
        {
          labels: [
            { name: '__name__', value: 'up' },
            { name: 'instance', value: 'shipper' },
          ],
          samples: [{ t: Date.now(), v: 1 }],
        },
      ]),
    );
    const res = await transport.fetch(`${f.url}/api/v1/write`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${credential}`,
        'content-encoding': 'snappy',
        'content-type': 'application/x-protobuf',
      },
      body,
    });
    assert.equal(res.status, 204, await res.text());
    transport.close();
  });

  it('opens an echo session and round-trips text and bytes', async () => {
    await waitFor('alpha online', 2000, () => f.hub.isOnline('alpha'));
    const ws = await f.hub.openSession('alpha', 'echo');
    const got: Array<[string, boolean]> = [];
    ws.on('message', (data: Buffer, isBinary: boolean) => got.push([data.toString('hex'), isBinary]));
    ws.send('héllo');
    ws.send(Buffer.from([0, 1, 2, 255]));
    await waitFor('both echoes', 2000, () => got.length === 2);
    assert.deepEqual(got, [
      [Buffer.from('héllo').toString('hex'), false],
      ['000102ff', true],
    ]);
    ws.close();
  });

  it('refuses a replayed, unknown or foreign session token (401), and an unknown kind', async () => {
    const credential = await f.enroll('sessions');
    const tokens: string[] = [];
    const handlers = new Map(defaultRequestHandlers());
    handlers.set('open_session', async (params: JsonValue, ctx) => {
      tokens.push((params as { token: string }).token);
      return openSessionHandler(params, ctx);
    });
    f.client(credential, { handlers });
    await waitFor('sessions online', 2000, () => f.hub.isOnline('sessions'));
    const ws = await f.hub.openSession('sessions', 'echo');
    ws.close();
    assert.equal(tokens.length, 1);
    assert.equal(await refusalOf(f.raw(credential, `/tunnel/v1/session/${tokens[0]}`)), 401, 'replayed');
    assert.equal(await refusalOf(f.raw(credential, `/tunnel/v1/session/${'x'.repeat(43)}`)), 401, 'unknown');
    assert.equal(await refusalOf(f.raw(credential, '/tunnel/v1/session/..%2F..%2Fetc')), 401, 'malformed');
    await assert.rejects(f.hub.openSession('sessions', 'desktop'), (err: unknown) => {
      assert.ok(err instanceof TunnelError);
      assert.equal(err.remoteCode, 'unknown_session_kind');
      return true;
    });
  });

  it('answers an unknown method with the harvester error', async () => {
    await assert.rejects(f.hub.request('alpha', 'no_such_method', {}), (err: unknown) => {
      assert.ok(err instanceof TunnelError);
      assert.equal(err.code, 'tunnel_remote');
      assert.equal(err.remoteCode, 'unknown_method');
      return true;
    });
    await assert.rejects(
      f.hub.request('nobody', 'x', {}),
      /cannot call x on nobody: the harvester is offline/,
    );
  });

  it('closes a connection that sends a malformed frame (1008) and keeps serving the others', async () => {
    const credential = await f.enroll('hostile');
    const ws = f.raw(credential);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = closeOf(ws);
    ws.send('{"type":"hello","version":1,"inventory":{"name":"alpha"}}');
    const { code, reason } = await closed;
    assert.equal(code, 1008);
    assert.match(reason, /cannot decode tunnel frame: hello\.inventory: unknown field "name"/);
    const ws2 = f.raw(credential);
    await new Promise((resolve) => ws2.once('open', resolve));
    const closed2 = closeOf(ws2);
    ws2.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await closed2).code, 1008);
    const ws3 = f.raw(credential);
    await new Promise((resolve) => ws3.once('open', resolve));
    const closed3 = closeOf(ws3);
    ws3.send(JSON.stringify({ type: 'heartbeat', time: 1 }));
    assert.deepEqual(await closed3, { code: 1008, reason: 'cannot accept heartbeat: expected hello first' });
    assert.equal(f.hub.isOnline('hostile'), false);
    const echo = await f.hub.openSession('alpha', 'echo');
    echo.close();
    assert.ok(f.hub.isOnline('alpha'));
  });

  it('replaces the first connection of a harvester by its second (4000)', async () => {
    const credential = await f.enroll('twice');
    const first = f.raw(credential);
    await new Promise((resolve) => first.once('open', resolve));
    first.send(JSON.stringify({ type: 'hello', version: 1, inventory: {} }));
    await waitFor('twice online', 1000, () => f.hub.isOnline('twice'));
    const firstClosed = closeOf(first);
    const second = f.raw(credential);
    // The second is open before the hub replaces the first: listen before waiting.
    const secondOpen = new Promise((resolve) => second.once('open', resolve));
    assert.equal((await firstClosed).code, 4000);
    await secondOpen;
    second.send(JSON.stringify({ type: 'hello', version: 1, inventory: {} }));
    await waitFor('twice online again', 1000, () => f.hub.isOnline('twice'));
    second.terminate();
    await waitFor('twice offline', 1000, () => !f.hub.isOnline('twice'));
  });

  it('marks a killed harvester offline at once, and a silent one within 5 s', async () => {
    const credential = await f.enroll('mortal');
    const ws = f.raw(credential);
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'hello', version: 1, inventory: {} }));
    await waitFor('mortal online', 1000, () => f.hub.isOnline('mortal'));
    ws.terminate();
    await waitFor('mortal offline after a kill', 1000, () => !f.hub.isOnline('mortal'));
    assert.ok(f.nester.deps.fleet.byName('mortal')!.lastSeen !== null, 'lastSeen is kept');

    const silent = f.raw(credential);
    await new Promise((resolve) => silent.once('open', resolve));
    silent.send(JSON.stringify({ type: 'hello', version: 1, inventory: {} }));
    await waitFor('mortal online again', 1000, () => f.hub.isOnline('mortal'));
    // Freeze the peer without closing TCP: no frame reaches the hub any more.
    const quietFrom = Date.now();
    silent.pause();
    (silent as unknown as { _socket: { pause(): void } })._socket.pause();
    await waitFor('mortal offline after silence', 6500, () => !f.hub.isOnline('mortal'));
    const took = Date.now() - quietFrom;
    assert.ok(took >= 4500 && took <= 6000, `offline after ${took} ms of silence`);
  });

  it('revokes: revoked, close 4001, and the client stops reconnecting', async () => {
    const credential = await f.enroll('doomed');
    const p = f.client(credential);
    await waitFor('doomed online', 2000, () => f.hub.isOnline('doomed'));
    await f.nester.deps.fleet.revoke('doomed', Date.now());
    const started = Date.now();
    assert.equal(await f.hub.revoke('doomed'), true);
    assert.ok(Date.now() - started < 1100, 'closed within a second');
    await waitFor('client revoked', 1000, () => p.client.state() === 'revoked');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(p.client.state(), 'revoked', 'no reconnect after revocation');
    assert.ok(!p.states.some((s) => s.state === 'backing_off'));
    assert.ok(p.logs.some((l) => l.level === 'error' && /revoked this harvester/.test(l.message)));
    assert.equal(f.hub.isOnline('doomed'), false);
  });

  it('refuses a nester whose certificate is not from the pinned CA, with a clear error', async () => {
    const credential = await f.enroll('wary');
    const other = await loadOrCreatePki(join(f.dir, 'other-pki'), ['127.0.0.1']);
    const p = f.client(credential, { caPem: other.caPem });
    await waitFor('a failure', 2000, () => p.client.state() === 'backing_off');
    assert.match(
      p.client.lastError() ?? '',
      /^cannot connect to https:\/\/127\.0\.0\.1:\d+: the nester's certificate is not signed by the pinned CA \(the test CA\).*\[[A-Z_]+\]$/,
    );
    assert.equal(f.hub.isOnline('wary'), false);
  });

  it('backs off after a refused credential (401), with growing delays', async () => {
    const credential = (await f.enroll('forgotten')).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const p = f.client(credential);
    await waitFor(
      'three failures',
      3000,
      () => p.states.filter((s) => s.state === 'backing_off').length >= 3,
    );
    assert.match(p.client.lastError() ?? '', /refused this harvester's credential \(HTTP 401\)/);
    const dials = p.states.filter((s) => s.state === 'connecting').map((s) => s.at);
    const gaps = dials.slice(1).map((t, i) => t - dials[i]!);
    assert.ok(gaps[0]! >= 45 && gaps[1]! >= 95, `backoff gaps ${gaps.join(', ')} ms grow from 50 ms`);
  });
});

describe('tunnel: the name in the certificate', () => {
  let f: TunnelFixture;
  before(async () => {
    // A certificate for a name the test never dials: every dial by address is a mismatch.
    f = await startTunnelFixture({}, ['nester.example']);
  });
  after(async () => {
    await f.close();
  });

  it('accepts a certificate under another name when it chains to the pinned CA, and says so', async () => {
    const credential = await f.enroll('renamed');
    const p = f.client(credential);
    await waitFor('renamed online', 2000, () => f.hub.isOnline('renamed'));
    assert.ok(
      p.logs.some((l) => /tolerated 127\.0\.0\.1/.test(l.message)),
      'the mismatch is logged',
    );
    await p.client.stop();
  });

  it('refuses it with verifyServerName', async () => {
    const credential = await f.enroll('strict');
    const p = f.client(credential, { verifyServerName: true });
    await waitFor('a refusal', 2000, () => p.client.state() === 'backing_off');
    assert.match(p.client.lastError() ?? '', /does not name the host dialled.*ERR_TLS_CERT_ALTNAME_INVALID/);
    assert.equal(f.hub.isOnline('strict'), false);
  });
});

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { relay, sendable } from './relay.js';
import type { RelayEnd } from './relay.js';

/**
 * Real sockets on loopback: a "browser" and a "harvester" client, each connected to a server
 * whose two server-side sockets the relay pairs, as the nester does.
 */
interface Pair {
  browser: WebSocket;
  harvester: WebSocket;
  ended: Promise<RelayEnd>;
  /** The nester's sockets. */
  toBrowser: WebSocket;
  toHarvester: WebSocket;
  seen: { fromBrowser: Buffer[]; fromHarvester: Buffer[] };
}

let server: WebSocketServer;
let url: string;

before(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const c of server.clients) c.terminate();
  await new Promise((resolve) => server.close(resolve));
});

async function connect(): Promise<[WebSocket, WebSocket]> {
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  return [client, await accepted];
}

async function pair(pending: Buffer[] = []): Promise<Pair> {
  const [browser, toBrowser] = await connect();
  const [harvester, toHarvester] = await connect();
  const seen = { fromBrowser: [] as Buffer[], fromHarvester: [] as Buffer[] };
  const ended = relay(toBrowser, toHarvester, pending, {
    fromBrowser: (b) => seen.fromBrowser.push(b),
    fromHarvester: (b) => seen.fromHarvester.push(b),
  });
  return { browser, harvester, ended, toBrowser, toHarvester, seen };
}

function nextMessage(ws: WebSocket): Promise<{ data: Buffer; binary: boolean }> {
  return new Promise((resolve) =>
    ws.once('message', (data: Buffer, binary: boolean) => resolve({ data, binary })),
  );
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
  );
}

describe('relay', () => {
  it('passes messages both ways as they are, pending browser messages first, and counts bytes', async () => {
    const p = await pair([Buffer.from('early')]);
    const early = await nextMessage(p.harvester);
    assert.equal(early.data.toString(), 'early');

    const up = nextMessage(p.harvester);
    p.browser.send(Buffer.of(0, 1, 2, 255));
    assert.deepEqual(await up, { data: Buffer.of(0, 1, 2, 255), binary: true });

    const text = nextMessage(p.harvester);
    p.browser.send('start');
    const t = await text;
    assert.equal(t.binary, false, 'text stays text');
    assert.equal(t.data.toString(), 'start');

    const down = nextMessage(p.browser);
    p.harvester.send(Buffer.from('output'));
    assert.equal((await down).data.toString(), 'output');

    p.browser.close(1000, 'bye');
    const end = await p.ended;
    assert.equal(end.by, 'browser');
    assert.equal(end.code, 1000);
    assert.equal(end.bytesIn, 'early'.length + 4 + 'start'.length);
    assert.equal(end.bytesOut, 'output'.length);
    assert.deepEqual(
      p.seen.fromBrowser.map((b) => b.toString('latin1')),
      ['early', '\u0000\u0001\u0002\u00ff', 'start'],
      'the hooks see every message, unchanged',
    );
  });

  it('closes the other side with the same code and reason', async () => {
    const p = await pair();
    const browserClosed = closed(p.browser);
    p.harvester.close(4010, 'cannot open the desktop: wrong password');
    assert.deepEqual(await browserClosed, { code: 4010, reason: 'cannot open the desktop: wrong password' });
    const end = await p.ended;
    assert.equal(end.by, 'harvester');
    assert.equal(end.code, 4010);
  });

  it('turns a close code a browser may not receive into 1011', async () => {
    const p = await pair();
    const browserClosed = closed(p.browser);
    p.harvester.terminate(); // no close frame: 1006 on the nester's side
    assert.equal((await browserClosed).code, 1011);
    assert.equal((await p.ended).code, 1006);
  });

  it('pauses the harvester while the browser does not read, then delivers every byte', async () => {
    const p = await pair();
    const chunk = Buffer.alloc(256 * 1024, 7);
    const total = 96; // 24 MiB: far more than the kernel's loopback buffers hold
    let received = 0;
    let harvesterPaused = false;
    let maxQueued = 0;
    p.browser.pause(); // a browser that has stopped reading
    const watch = setInterval(() => {
      harvesterPaused ||= p.toHarvester.isPaused;
      maxQueued = Math.max(maxQueued, p.toBrowser.bufferedAmount);
    }, 1);
    const allIn = new Promise<void>((resolve) =>
      p.browser.on('message', (d: Buffer) => {
        received += d.length;
        if (received === total * chunk.length) resolve();
      }),
    );
    for (let i = 0; i < total; i++) p.harvester.send(chunk);
    const deadline = Date.now() + 10_000;
    while (!harvesterPaused && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.ok(harvesterPaused, 'the relay paused the harvester side');
    assert.equal(received, 0);
    p.browser.resume();
    await allIn;
    clearInterval(watch);
    assert.equal(received, total * chunk.length);
    assert.equal(p.toHarvester.isPaused, false, 'resumed once drained');
    // 2 MiB high water, plus the message that crossed it and frame headers: bounded, not 24 MiB.
    assert.ok(maxQueued <= 2 * 1024 * 1024 + 2 * chunk.length, `queued at most ${maxQueued} bytes`);
    p.browser.close();
    await p.ended;
  });

  it('maps close codes to those a browser may receive', () => {
    for (const c of [1000, 1001, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4403, 4999])
      assert.equal(sendable(c), c);
    assert.equal(sendable(1005), 1000);
    for (const c of [1002, 1004, 1006, 1012, 1015, 2000, 5000]) assert.equal(sendable(c), 1011);
  });
});

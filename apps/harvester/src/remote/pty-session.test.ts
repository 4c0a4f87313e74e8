import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RawData } from 'ws';
import { ptySessionHandler, toBuffer } from './pty-session.js';
import { sessionPair } from './remote-test-pair.js';
import type { SessionPair } from './remote-test-pair.js';
import { FRAME } from './terminal-frames.js';
import type { ExitEvent } from './terminal-frames.js';

/** Collects a terminal client's output and events. */
function watch(pair: SessionPair): { text: () => string; events: ExitEvent[]; closed: Promise<number> } {
  let text = '';
  const events: ExitEvent[] = [];
  pair.client.on('message', (data: RawData) => {
    const b = toBuffer(data);
    if (b[0] === 0) text += b.subarray(1).toString('utf8');
    else events.push(JSON.parse(b.subarray(1).toString('utf8')) as ExitEvent);
  });
  const closed = new Promise<number>((r) => pair.client.once('close', (code) => r(code)));
  return { text: () => text, events, closed };
}

const input = (s: string): Buffer => Buffer.concat([Buffer.of(FRAME.data), Buffer.from(s, 'utf8')]);

async function until(what: string, ms: number, check: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('pty session', () => {
  it('runs a login shell: arithmetic, UTF-8, resize, exit status', async () => {
    const pair = await sessionPair(ptySessionHandler({ user: '', shell: '/bin/bash', idleMs: 0 }), {
      cols: 90,
      rows: 20,
    });
    try {
      const w = watch(pair);
      pair.start();
      pair.client.send(input('echo $((6*7))\r'));
      await until('42', 5000, () => /[\r\n]42\r\n/.test(w.text()));
      pair.client.send(input('stty size\r'));
      await until('20 90', 5000, () => w.text().includes('20 90'));
      pair.client.send(Buffer.concat([Buffer.of(FRAME.resize), Buffer.from('{"cols":100,"rows":30}')]));
      pair.client.send(input('stty size; echo "h\u00e9 \u2603"\r'));
      await until('30 100', 5000, () => w.text().includes('30 100'));
      await until('UTF-8 back', 5000, () => w.text().includes('h\u00e9 \u2603\r\n'));
      pair.client.send(input('exit 3\r'));
      assert.equal(await w.closed, 1000);
      assert.deepEqual(w.events, [{ type: 'exit', exitCode: 3, signal: 0, reason: 'exit' }]);
    } finally {
      await pair.close();
    }
  });

  it('pauses output when asked and resumes it', async () => {
    const pair = await sessionPair(ptySessionHandler({ user: '', shell: '/bin/sh', idleMs: 0 }));
    try {
      const w = watch(pair);
      pair.start();
      pair.client.send(input('stty -echo; echo ready\r'));
      await until('ready', 5000, () => w.text().includes('ready'));
      pair.client.send(Buffer.of(FRAME.pause));
      await new Promise((r) => setTimeout(r, 100));
      const before = w.text().length;
      pair.client.send(input('echo marker-$((1+1))\r'));
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(w.text().length, before, 'nothing arrives while paused');
      pair.client.send(Buffer.of(FRAME.resume));
      await until('marker-2 after resume', 5000, () => w.text().includes('marker-2'));
    } finally {
      await pair.close();
    }
  });

  it('closes an idle session with an idle exit event', async () => {
    const pair = await sessionPair(ptySessionHandler({ user: '', shell: '/bin/sh', idleMs: 300 }));
    try {
      const w = watch(pair);
      pair.start();
      assert.equal(await w.closed, 1000);
      assert.equal(w.events[0]?.reason, 'idle');
    } finally {
      await pair.close();
    }
  });

  it('refuses a malformed frame with 1008 and a reason', async () => {
    const pair = await sessionPair(ptySessionHandler({ user: '', shell: '/bin/sh', idleMs: 0 }));
    try {
      const closed = new Promise<[number, string]>((r) =>
        pair.client.once('close', (code, reason) => r([code, reason.toString()])),
      );
      pair.start();
      pair.client.send(Buffer.concat([Buffer.of(FRAME.resize), Buffer.from('{"cols":0,"rows":9}')]));
      const [code, reason] = await closed;
      assert.equal(code, 1008);
      assert.match(reason, /cols 1\.\.1000/);
    } finally {
      await pair.close();
    }
  });

  it('reports a user that cannot be used as an error exit', async () => {
    const pair = await sessionPair(ptySessionHandler({ user: 'no-such-user-x', shell: '', idleMs: 0 }));
    try {
      const w = watch(pair);
      pair.start();
      await w.closed;
      assert.equal(w.events[0]?.reason, 'error');
      assert.match(w.events[0]?.message ?? '', /cannot run as no-such-user-x: no such user/);
    } finally {
      await pair.close();
    }
  });
});

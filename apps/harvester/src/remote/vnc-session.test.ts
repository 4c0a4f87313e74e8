import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RawData } from 'ws';
import { ByteReader } from './byte-reader.js';
import { DesktopSupervisor } from './desktop-supervisor.js';
import { toBuffer } from './pty-session.js';
import { sessionPair } from './remote-test-pair.js';
import type { SessionPair } from './remote-test-pair.js';
import { pixelAt, RfbProbe } from './rfb-probe.js';
import { vncSessionHandler } from './vnc-session.js';

/** A display number no one uses here (a developer's own :0..:9 stay untouched). */
function freeDisplay(): number {
  for (let n = 57; n < 99; n++) if (!existsSync(`/tmp/.X${n}-lock`)) return n;
  throw new Error('cannot find a free X display between :57 and :98');
}

function probeOf(pair: SessionPair): RfbProbe {
  const reader = new ByteReader();
  pair.client.on('message', (d: RawData) => reader.push(toBuffer(d)));
  pair.client.once('close', () => reader.fail(new Error('closed')));
  pair.start();
  return new RfbProbe(reader, (b) => pair.client.send(b));
}

// Needs Xvfb, x11vnc and xsetroot (scripts/ensure-system-deps.sh installs them).
describe('vnc session with the managed desktop (Xvfb + x11vnc)', () => {
  let dir: string;
  let supervisor: DesktopSupervisor;
  let display: number;
  const logs: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-vnc-'));
    display = freeDisplay();
    supervisor = new DesktopSupervisor({
      display,
      geometry: '320x200x24',
      startup: [['xsetroot', '-solid', '#ff8000']],
      idleStopMs: 300,
      stateDir: dir,
      logger: (level, message) => logs.push(`${level}: ${message}`),
    });
  });
  after(async () => {
    await supervisor.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the desktop on demand and shows its pixels through the forward, password kept', async () => {
    const pair = await sessionPair(vncSessionHandler({ host: '127.0.0.1', port: 1, supervisor }));
    try {
      const probe = probeOf(pair);
      await probe.handshake();
      assert.deepEqual([probe.width, probe.height], [320, 200]);
      let colour = '';
      for (let i = 0; i < 40 && colour !== '#ff8000'; i++) {
        // Away from the centre, where x11vnc draws the pointer into the picture.
        colour = pixelAt(await probe.frame(), 10, 10);
        if (colour !== '#ff8000') await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(colour, '#ff8000');
    } finally {
      await pair.close();
    }
  });

  it('refuses a wrong password with 4010 and the reason', async () => {
    const lease = await supervisor.acquire();
    const file = join(dir, 'wrong');
    await writeFile(file, 'not-it\n');
    const pair = await sessionPair(
      vncSessionHandler({ host: '127.0.0.1', port: lease.port, passwordFile: file }),
    );
    try {
      const closed = new Promise<[number, string]>((r) =>
        pair.client.once('close', (c, why) => r([c, why.toString()])),
      );
      pair.start();
      const [code, reason] = await closed;
      assert.equal(code, 4010);
      assert.match(reason, /refused the password/);
    } finally {
      lease.release();
      await pair.close();
    }
  });

  it('stops Xvfb and x11vnc once idle', async () => {
    const lock = `/tmp/.X${display}-lock`;
    (await supervisor.acquire()).release();
    const until = Date.now() + 8000;
    while (existsSync(lock) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.equal(existsSync(lock), false, 'the display is gone');
    assert.ok(logs.some((l) => l.includes(`managed desktop :${display} stopped`)));
  });
});

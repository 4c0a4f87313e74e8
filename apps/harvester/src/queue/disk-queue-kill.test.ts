import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DiskQueue } from './disk-queue.js';
import { recordingLogger, tempDir, textOf } from './test-support.js';

const queueModule = fileURLToPath(new URL('./disk-queue.ts', import.meta.url));

// The child appends numbered batches as fast as it can and acknowledges the oldest one every
// third append, reporting each step: `a N` once append N resolved (durable), `k? N` before
// acknowledging N, `k N` once that resolved. It is killed with SIGKILL mid-stream.
const CHILD = `
import { DiskQueue } from ${JSON.stringify(queueModule)};
const q = await DiskQueue.open(process.argv[1], { maxBytes: 1 << 26, maxAgeMs: 1e12, logger: () => {} });
const payload = new Uint8Array(3000);
const say = (line) => process.stdout.write(line + '\\n');
for (let i = 0; ; i++) {
  payload.fill(i & 0xff);
  payload.set(new TextEncoder().encode(String(i)));
  await q.append(payload, { minT: Date.now(), maxT: Date.now(), samples: 1 });
  say('a ' + i);
  if (i % 3 === 0) {
    const [oldest] = await q.peek(1);
    say('k? ' + oldest.id);
    await q.ack([oldest.id]);
    say('k ' + oldest.id);
  }
}
`;

describe('DiskQueue killed with SIGKILL', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir('queue-kill')));
  after(() => cleanup());

  it('keeps every batch whose append resolved and never returns an acknowledged one', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=seahawks-source', '--import', 'tsx', '--input-type=module', '-e', CHILD, dir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\na 150\n')) child.kill('SIGKILL');
    });
    const exit = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    assert.equal(exit, 'SIGKILL', 'the child was killed mid-stream');
    const lines = output.split('\n').filter((l) => l !== '');
    const ids = (prefix: string) =>
      new Set(lines.filter((l) => l.startsWith(prefix)).map((l) => Number(l.split(' ')[1])));
    const durable = ids('a ');
    const mayBeAcked = ids('k? ');
    const acked = ids('k ');

    const log = recordingLogger();
    const q = await DiskQueue.open(dir, { maxBytes: 1 << 26, maxAgeMs: 1e12, logger: log.logger });
    const batches = await q.peek(100_000);
    const present = new Set(batches.map((b) => b.id));
    for (const id of durable) if (!mayBeAcked.has(id)) assert.ok(present.has(id), `batch ${id} was lost`);
    for (const id of acked) assert.ok(!present.has(id), `acknowledged batch ${id} came back`);
    for (const b of batches) {
      assert.equal(b.payload.length, 3000);
      assert.equal(textOf(b.payload.subarray(0, String(b.id).length)), String(b.id), 'payload intact');
    }
    const order = batches.map((b) => b.id);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'oldest first',
    );
    await q.close();
  });
});

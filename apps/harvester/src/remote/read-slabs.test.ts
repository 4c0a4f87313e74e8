import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { describe, it } from 'node:test';
import { MAX_READ_BYTES, slabReads } from './read-slabs.js';

describe('slab reads', () => {
  it('hands out chunks that later reads never overwrite, up to MAX_READ_BYTES each', async () => {
    const total = 12 * 1024 * 1024; // three slabs' worth
    const payload = Buffer.alloc(total);
    for (let i = 0; i < total; i += 4) payload.writeUInt32LE(i, i);
    const server = createServer((s: Socket) => s.end(payload));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const reads = slabReads();
    const chunks: Buffer[] = [];
    reads.setSink((c) => chunks.push(c));
    const socket = connect({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      onread: reads.onread,
    });
    socket.pause(); // let the kernel gather data, as a busy relay would
    await new Promise((r) => setTimeout(r, 100));
    socket.resume();
    await new Promise((resolve) => socket.once('close', resolve));
    server.close();
    const got = Buffer.concat(chunks);
    assert.equal(got.length, total);
    assert.ok(got.equals(payload), 'every chunk still holds what was read into it');
    assert.ok(Math.max(...chunks.map((c) => c.length)) > 64 * 1024, 'reads larger than Node’s own 64 KiB');
    assert.ok(chunks.every((c) => c.length <= MAX_READ_BYTES));
  });
});

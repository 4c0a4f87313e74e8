import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { FALLBACK_PAGE_SIZE, SockstatCollector } from './sockstat.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, valueOf } from './testdata.js';

describe('sockstat collector', () => {
  it('exports the x86 fixture with node_exporter names and HELP', async () => {
    const families = await new SockstatCollector().collect(fixtureContext('x86'));
    assert.deepEqual(
      families.map((f) => [f.name, f.metrics[0]!.value]),
      [
        ['node_sockstat_sockets_used', 1187],
        ['node_sockstat_TCP_inuse', 41],
        ['node_sockstat_TCP_orphan', 0],
        ['node_sockstat_TCP_tw', 17],
        ['node_sockstat_TCP_alloc', 52],
        ['node_sockstat_TCP_mem', 9],
        // No self/auxv in a fixture tree: 4 KiB pages.
        ['node_sockstat_TCP_mem_bytes', 9 * FALLBACK_PAGE_SIZE],
        ['node_sockstat_UDP_inuse', 14],
        ['node_sockstat_UDP_mem', 6],
        ['node_sockstat_UDP_mem_bytes', 6 * FALLBACK_PAGE_SIZE],
        ['node_sockstat_UDPLITE_inuse', 0],
        ['node_sockstat_RAW_inuse', 1],
        ['node_sockstat_FRAG_inuse', 0],
        ['node_sockstat_FRAG_memory', 0],
        ['node_sockstat_TCP6_inuse', 11],
        ['node_sockstat_UDP6_inuse', 7],
        ['node_sockstat_UDPLITE6_inuse', 0],
        ['node_sockstat_RAW6_inuse', 1],
        ['node_sockstat_FRAG6_inuse', 0],
        ['node_sockstat_FRAG6_memory', 0],
      ],
    );
    const byName = new Map(families.map((f) => [f.name, f]));
    assert.equal(byName.get('node_sockstat_sockets_used')!.help, 'Number of IPv4 sockets in use.');
    assert.equal(
      byName.get('node_sockstat_TCP_mem_bytes')!.help,
      'Number of TCP sockets in state mem_bytes.',
    );
    assert.ok(families.every((f) => f.type === 'gauge'));
  });

  it('uses the page size it is given (a 16 KiB Raspberry Pi 5 kernel)', async () => {
    const families = await new SockstatCollector({ pageSize: 16384 }).collect(fixtureContext('rpi'));
    assert.equal(valueOf(families, 'node_sockstat_TCP_mem'), 1);
    assert.equal(valueOf(families, 'node_sockstat_TCP_mem_bytes'), 16384);
    assert.equal(valueOf(families, 'node_sockstat_sockets_used'), 214);
  });

  describe('on unusual kernels', async () => {
    const tree = await FixtureTree.create({ 'proc/net/sockstat': 'sockets: used 3\nTCP: inuse 1 mem 2\n' });
    after(() => tree.remove());

    it('works without sockstat6 (IPv6 disabled)', async () => {
      const families = await new SockstatCollector().collect(tree.ctx);
      assert.deepEqual(
        families.map((f) => f.name),
        [
          'node_sockstat_sockets_used',
          'node_sockstat_TCP_inuse',
          'node_sockstat_TCP_mem',
          'node_sockstat_TCP_mem_bytes',
        ],
      );
    });

    it('fails on a garbled file', async () => {
      await tree.write({ 'proc/net/sockstat6': 'TCP6: inuse\n' });
      await assert.rejects(new SockstatCollector().collect(tree.ctx), {
        message: /^cannot parse \/proc\/net\/sockstat6 line 1: expected a protocol and key\/value pairs/,
      });
    });
  });

  describe('on this machine', { skip: SKIP_OFF_LINUX }, () => {
    it('agrees with /proc/net/sockstat and the kernel page size', async () => {
      const families = await new SockstatCollector().collect(HOST_CONTEXT);
      const text = await readFile('/proc/net/sockstat', 'utf8');
      const tcpMem = Number(/^TCP: .* mem (\d+)/m.exec(text)?.[1]);
      const mem = valueOf(families, 'node_sockstat_TCP_mem');
      const bytes = valueOf(families, 'node_sockstat_TCP_mem_bytes');
      assert.ok(mem !== undefined && bytes !== undefined);
      // The counter moves between the two reads; only the ratio is exact.
      if (mem > 0) assert.ok([4096, 16384, 65536].includes(bytes / mem), `page size ${bytes / mem}`);
      assert.ok(Math.abs(mem - tcpMem) < 1000);
      assert.ok((valueOf(families, 'node_sockstat_sockets_used') ?? 0) > 0);
    });
  });
});

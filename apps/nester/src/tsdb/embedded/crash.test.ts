import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { memoryLogger } from './conformance-fixture.js';
import { CRASH_RETENTION_MS, CRASH_SERIES } from './crash-writer.js';
import { openEmbeddedStorage } from './open-embedded.js';

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));

/** Runs the writer from `firstId`, kills it with SIGKILL a random moment after its first ack. */
async function runAndKill(
  dir: string,
  firstId: number,
  base: number,
  step: number,
  maxDelayMs: number,
): Promise<number[]> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=seahawks-source',
      '--import',
      'tsx',
      WRITER,
      dir,
      String(firstId),
      String(base),
      String(step),
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const acked: number[] = [];
  let stderr = '';
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  const firstAck = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) acked.push(Number(line));
      if (acked.length > 0) resolve();
    });
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await Promise.race([firstAck, exited]);
  await new Promise((r) => setTimeout(r, 30 + Math.random() * maxDelayMs));
  child.kill('SIGKILL');
  const [code, signal] = (await exited) as [number | null, string | null];
  clearTimeout(timeout);
  assert.equal(signal, 'SIGKILL', `crash writer ended on its own (exit ${code}): ${stderr}`);
  return acked;
}

/**
 * Kills the writer `rounds` times; after each, checks that every acknowledged batch is present
 * whole and nothing twice. With `untilBlocks`, goes on (up to `maxRounds`) until the store holds
 * a block: how much a writer acknowledges before its kill depends on how busy the machine is.
 * Returns the store's block count at the end.
 */
async function crashRounds(
  rounds: number,
  base: number,
  step: number,
  maxDelayMs: number,
  opts: { untilBlocks?: boolean; maxRounds?: number } = {},
): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-crash-'));
  const acked = new Set<number>();
  let next = 0;
  let blocks = 0;
  try {
    const more = (round: number): boolean =>
      round < rounds || (opts.untilBlocks === true && blocks === 0 && round < (opts.maxRounds ?? rounds));
    for (let round = 0; more(round); round++) {
      for (const id of await runAndKill(dir, next, base, step, maxDelayMs)) acked.add(id);
      const storage = await openEmbeddedStorage({
        dir,
        logger: memoryLogger(),
        retentionMs: CRASH_RETENTION_MS,
      });
      const present = new Map<number, number>();
      for await (const s of storage.querier.select([{ type: '=', name: '__name__', value: 'crash' }], {
        minT: base,
        maxT: Infinity,
      })) {
        const series = Number(s.labels.find((l) => l.name === 's')?.value);
        let prev = -Infinity;
        for (const { t, v } of s.samples) {
          assert.ok(t > prev, 'timestamps strictly increasing: no sample twice');
          prev = t;
          const id = (t - base) / step;
          assert.equal(v, id * 100 + series, `value of batch ${id} on series ${series}`);
          present.set(id, (present.get(id) ?? 0) + 1);
        }
      }
      blocks = storage.stats().blocks;
      await storage.close();
      for (const id of acked) assert.equal(present.get(id), CRASH_SERIES, `acknowledged batch ${id} whole`);
      // A batch is one WAL record, so even an unacknowledged one is all there or not at all.
      for (const [id, n] of present) assert.equal(n, CRASH_SERIES, `batch ${id} all or nothing`);
      next = Math.max(next, ...present.keys()) + 1;
    }
    assert.ok(acked.size > 0, 'the writer acknowledged batches');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return blocks;
}

describe('embedded storage under kill -9', () => {
  it('keeps every acknowledged sample exactly once, over several crashes', async () => {
    await crashRounds(4, Date.now() - 3_600_000, 1000, 300);
  });

  it('keeps every acknowledged sample exactly once while the head is cut into blocks', async () => {
    // Half an hour of data per batch: a 2 h block every 4 batches, a day every 48; kills up to
    // 2 s after the first acknowledgement, so some land while a block's worker thread writes.
    const blocks = await crashRounds(6, Date.now() - 400 * 86_400_000, 1_800_000, 2000, {
      untilBlocks: true,
      maxRounds: 20,
    });
    assert.ok(blocks > 0, 'the head was cut into blocks while the writer ran');
  });
});

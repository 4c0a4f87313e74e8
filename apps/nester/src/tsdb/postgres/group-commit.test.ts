import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '@seahawks/model';
import { StorageIOError } from '../../storage/errors.js';
import { GroupCommit } from './group-commit.js';
import type { RowWriter } from './group-commit.js';
import type { CopyRows } from './pg-binary.js';

/** Series ids of the rows in a binary COPY built without `ord` (19-byte header, 38-byte rows). */
function seriesIds(copy: Buffer): number[] {
  const out: number[] = [];
  for (let o = 19; o + 38 <= copy.length; o += 38) out.push(Number(copy.readBigInt64BE(o + 18)));
  return out;
}

/** A writer that records each transaction's series ids and answers with `answer(ids)`. */
function fakeWriter(answer: (ids: number[]) => number[] | Error): RowWriter & { transactions: number[][] } {
  const transactions: number[][] = [];
  return {
    transactions,
    write: async (build) => {
      await new Promise((resolve) => setImmediate(resolve));
      const ids = seriesIds(build(false));
      transactions.push(ids);
      const result = answer(ids);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}

/** An append of `count` rows, all of series `id`. */
function rowsOf(id: number, count: number): [number, (rows: CopyRows) => void] {
  return [
    count,
    (rows) => {
      for (let i = 0; i < count; i++) rows.add(id, { t: i, v: i });
    },
  ];
}

describe('postgres engine: group commit', () => {
  it('writes a lone append at once, and merges those that wait for a busy writer', async () => {
    const writer = fakeWriter(() => []);
    const group = new GroupCommit(writer, 1, 1000);
    await group.write(...rowsOf(1, 2));
    assert.deepEqual(writer.transactions, [[1, 1]]);
    await Promise.all([1, 2, 3, 4, 5].map((id) => group.write(...rowsOf(id, 2))));
    // The five arrive while the one writer is busy (with the first, or finishing it): at most two
    // transactions for them, rows in arrival order.
    assert.ok(writer.transactions.length <= 3, JSON.stringify(writer.transactions));
    assert.deepEqual(writer.transactions.slice(1).flat(), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    assert.deepEqual(group.stats, { appendsWritten: 6, transactions: writer.transactions.length });
  });

  it('keeps a transaction under maxRows, and hands each append its own conflicts', async () => {
    // Row indexes 1 (first append's second row) and 4 (second append's third row) conflict.
    const writer = fakeWriter((ids) => (ids.length === 5 ? [4, 1] : []));
    const group = new GroupCommit(writer, 1, 5);
    const results = await Promise.all(
      [rowsOf(9, 1), rowsOf(1, 2), rowsOf(2, 3), rowsOf(3, 1)].map((a) => group.write(...a)),
    );
    assert.deepEqual(
      writer.transactions.map((t) => t.length),
      [1, 5, 1],
    );
    assert.deepEqual(results, [[], [1], [2], []]);
  });

  it('retries appends alone when a merged transaction is refused as input, failing only the culprit', async () => {
    const writer = fakeWriter((ids) =>
      ids.includes(3) ? new InvalidInputError('cannot write samples: bad') : [],
    );
    const group = new GroupCommit(writer, 1, 1000);
    const settled = await Promise.allSettled([1, 2, 3, 4].map((id) => group.write(...rowsOf(id, 1))));
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(writer.transactions, [[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('fails every append of a transaction that fails for the storage', async () => {
    const writer = fakeWriter((ids) =>
      ids.length > 1 ? new StorageIOError('cannot write samples: gone') : [],
    );
    const group = new GroupCommit(writer, 1, 1000);
    const settled = await Promise.allSettled([1, 2, 3].map((id) => group.write(...rowsOf(id, 1))));
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'rejected'],
    );
    assert.equal(writer.transactions.length, 2);
  });
});

import { describeError } from '@seahawks/model';
import { snappyCompress, snappyDeclaredLength, snappyUncompress } from '@seahawks/protocol';
import type { QueuedBatch } from '../queue/index.js';

/**
 * What an answer of the nester means for the batches sent (remote_write 1.0 semantics, as
 * Prometheus applies them): `ok` acknowledge; `retry` keep and try again later; `auth` the
 * credential is refused; `poison` the data is refused and resending cannot help.
 */
export type Verdict = 'ok' | 'retry' | 'auth' | 'poison';

export function classifyStatus(status: number): Verdict {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || status === 403) return 'auth';
  // 404/405: the endpoint is missing (a wrong URL, a nester mid-upgrade), not the data being
  // bad: dropping the queue over it would turn a configuration mistake into data loss.
  // 408 and 429 ask for a retry by definition.
  if (status === 404 || status === 405 || status === 408 || status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'poison';
  return 'retry';
}

/**
 * Takes batches from the front of `batches` while their uncompressed size stays within
 * `maxBytes` (the first is always taken: a batch is never split).
 */
export function takeWithin(batches: readonly QueuedBatch[], maxBytes: number): QueuedBatch[] {
  const out: QueuedBatch[] = [];
  let total = 0;
  for (const b of batches) {
    const size = declaredSize(b);
    if (out.length > 0 && total + size > maxBytes) break;
    out.push(b);
    total += size;
  }
  return out;
}

function declaredSize(batch: QueuedBatch): number {
  try {
    return snappyDeclaredLength(batch.payload).length;
  } catch {
    return 0; // unreadable: sent alone or merged, the nester's 400 will name it poison
  }
}

/**
 * Builds one request body (a snappy block of one WriteRequest) from queued batches, each itself a
 * snappy-compressed WriteRequest. One batch goes as is; several are uncompressed, concatenated
 * (concatenated protobuf messages merge their repeated fields: the result is one WriteRequest
 * holding every series) and compressed again. Batches that cannot be uncompressed are returned
 * in `unreadable` instead.
 */
export function buildBody(
  batches: readonly QueuedBatch[],
  maxBytes: number,
): { body: Uint8Array; included: QueuedBatch[]; unreadable: { batch: QueuedBatch; error: string }[] } {
  if (batches.length === 1) return { body: batches[0]!.payload, included: [batches[0]!], unreadable: [] };
  const parts: Uint8Array[] = [];
  const included: QueuedBatch[] = [];
  const unreadable: { batch: QueuedBatch; error: string }[] = [];
  let total = 0;
  for (const batch of batches) {
    try {
      const raw = snappyUncompress(batch.payload, maxBytes);
      parts.push(raw);
      included.push(batch);
      total += raw.length;
    } catch (err) {
      unreadable.push({ batch, error: describeError(err) });
    }
  }
  const joined = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    joined.set(p, pos);
    pos += p.length;
  }
  return { body: snappyCompress(joined), included, unreadable };
}

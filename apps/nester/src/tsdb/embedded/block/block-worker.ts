/**
 * Worker thread of block writes and merges: re-encodes chunks in their stored form and writes
 * the block file with blocking calls, so neither holds the event loop. One worker per block.
 * Messages: `BlockRequest` in, `BlockReply` out, one reply per request, in order.
 */
import { parentPort } from 'node:worker_threads';
import { SeahawksError } from '@seahawks/model';
import { CorruptBlockError } from './errors.js';
import type { BlockIdentity } from './file-writer.js';
import type { WrittenBlock } from './types.js';
import { BlockFileWriter } from './file-writer.js';
import type { MergeRequest } from './merge-file.js';
import { mergeToFile } from './merge-file.js';
import type { PackedGroup } from './packed-group.js';
import { unpackGroup } from './packed-group.js';

export type BlockRequest =
  | { readonly type: 'open'; readonly dir: string; readonly identity: BlockIdentity }
  | { readonly type: 'group'; readonly group: PackedGroup }
  | { readonly type: 'finish' }
  /** Closes and deletes the temporary file if one is open (a write that failed or was cut short). */
  | { readonly type: 'abort' }
  | { readonly type: 'merge'; readonly merge: MergeRequest };

/** A failure as data: the error's `code` (when it has one), message, and the file a corrupt block is. */
export interface BlockFailure {
  readonly code: string | undefined;
  readonly message: string;
  readonly corruptPath: string | undefined;
  readonly corruptWhat: string | undefined;
}

export type BlockReply =
  | { readonly type: 'ok'; readonly written: WrittenBlock | undefined }
  | { readonly type: 'error'; readonly failure: BlockFailure };

/** The block being written; absent before `open` and after `finish` or `abort`. */
export interface BlockWorkerState {
  writer: BlockFileWriter | undefined;
}

/** Carries out one request, updating `state`. */
export function handle(state: BlockWorkerState, req: BlockRequest): WrittenBlock | undefined {
  switch (req.type) {
    case 'open':
      state.writer?.abort();
      state.writer = new BlockFileWriter(req.dir, req.identity);
      return undefined;
    case 'group': {
      const writer = state.writer;
      if (writer === undefined) throw new Error('cannot write block group: no block open');
      unpackGroup(req.group, writer.stats, (labels, chunks) => writer.addSeries(labels, chunks));
      return undefined;
    }
    case 'finish': {
      if (state.writer === undefined) throw new Error('cannot finish block: no block open');
      const written = state.writer.finish();
      state.writer = undefined;
      return written;
    }
    case 'abort':
      state.writer?.abort();
      state.writer = undefined;
      return undefined;
    case 'merge':
      return mergeToFile(req.merge);
  }
}

/** Describes an error for the reply (errors cross threads as data). */
export function describeFailure(err: unknown): BlockFailure {
  return {
    code: err instanceof SeahawksError ? err.code : undefined,
    message: err instanceof Error ? err.message : String(err),
    corruptPath: err instanceof CorruptBlockError ? err.path : undefined,
    corruptWhat: err instanceof CorruptBlockError ? err.what : undefined,
  };
}

const port = parentPort;
if (port !== null) {
  const state: BlockWorkerState = { writer: undefined };
  port.on('message', (req: BlockRequest) => {
    let reply: BlockReply;
    try {
      reply = { type: 'ok', written: handle(state, req) };
    } catch (err) {
      reply = { type: 'error', failure: describeFailure(err) };
    }
    port.postMessage(reply);
  });
}

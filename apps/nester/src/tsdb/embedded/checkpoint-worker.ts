/**
 * Worker thread of a checkpoint: encodes the groups the main thread packs (series records,
 * chunks records, checksums) and writes them to the checkpoint's temporary file with blocking
 * writes, so neither the encoding nor the writes hold the event loop. One worker per checkpoint.
 * Messages: `CheckpointRequest` in, `CheckpointReply` out, one reply per request, in order.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { CheckpointGroup } from './checkpoint-group.js';
import { encodeGroup } from './checkpoint-group.js';
import { PreviousCheckpoint } from './checkpoint-reuse.js';

export type CheckpointRequest =
  | {
      readonly type: 'open';
      readonly path: string;
      readonly header: Uint8Array;
      /** The checkpoint this one replaces, whose unchanged dense chunks are reused. */
      readonly previous: string | undefined;
    }
  | { readonly type: 'group'; readonly group: CheckpointGroup }
  | { readonly type: 'finish' }
  /** Closes the file if one is open (a checkpoint that failed or was cut short). */
  | { readonly type: 'abort' };

export type CheckpointReply =
  { readonly type: 'ok'; readonly bytes: number } | { readonly type: 'error'; readonly message: string };

function writeFully(fd: number, buf: Uint8Array): void {
  let o = 0;
  while (o < buf.length) o += writeSync(fd, buf, o, buf.length - o);
}

/** The file being written and the checkpoint it replaces; both absent before `open`. */
export interface WriterState {
  fd: number | undefined;
  previous: PreviousCheckpoint | undefined;
}

/** Carries out one request, updating `state`; returns the bytes written. */
export function handle(state: WriterState, req: CheckpointRequest): number {
  switch (req.type) {
    case 'open': {
      state.fd = openSync(req.path, 'w');
      state.previous = new PreviousCheckpoint(req.previous);
      writeFully(state.fd, req.header);
      return req.header.length;
    }
    case 'group': {
      if (state.fd === undefined) throw new Error('cannot write checkpoint group: no file open');
      const frames = Buffer.concat(encodeGroup(req.group, state.previous));
      writeFully(state.fd, frames);
      return frames.length;
    }
    case 'finish': {
      if (state.fd === undefined) throw new Error('cannot finish checkpoint: no file open');
      fsyncSync(state.fd);
      closeAll(state);
      return 0;
    }
    case 'abort':
      closeAll(state);
      return 0;
  }
}

function closeAll(state: WriterState): void {
  state.previous?.close();
  state.previous = undefined;
  if (state.fd !== undefined) closeSync(state.fd);
  state.fd = undefined;
}

const port = parentPort;
if (port !== null) {
  const state: WriterState = { fd: undefined, previous: undefined };
  port.on('message', (req: CheckpointRequest) => {
    let reply: CheckpointReply;
    try {
      reply = { type: 'ok', bytes: handle(state, req) };
    } catch (err) {
      reply = { type: 'error', message: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
}

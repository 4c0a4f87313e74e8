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

export type CheckpointRequest =
  | { readonly type: 'open'; readonly path: string; readonly header: Uint8Array }
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

/** Carries out one request against the file descriptor `fd` (undefined before `open`). */
export function handle(
  fd: number | undefined,
  req: CheckpointRequest,
): { fd: number | undefined; bytes: number } {
  switch (req.type) {
    case 'open': {
      const opened = openSync(req.path, 'w');
      writeFully(opened, req.header);
      return { fd: opened, bytes: req.header.length };
    }
    case 'group': {
      if (fd === undefined) throw new Error('cannot write checkpoint group: no file open');
      const frames = Buffer.concat(encodeGroup(req.group));
      writeFully(fd, frames);
      return { fd, bytes: frames.length };
    }
    case 'finish': {
      if (fd === undefined) throw new Error('cannot finish checkpoint: no file open');
      fsyncSync(fd);
      closeSync(fd);
      return { fd: undefined, bytes: 0 };
    }
    case 'abort':
      if (fd !== undefined) closeSync(fd);
      return { fd: undefined, bytes: 0 };
  }
}

const port = parentPort;
if (port !== null) {
  let fd: number | undefined;
  port.on('message', (req: CheckpointRequest) => {
    let reply: CheckpointReply;
    try {
      const done = handle(fd, req);
      fd = done.fd;
      reply = { type: 'ok', bytes: done.bytes };
    } catch (err) {
      reply = { type: 'error', message: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
}

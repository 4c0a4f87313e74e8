import type { OnReadOpts } from 'node:net';

/** Bytes allocated at a time; reads are carved out of it one after the other. */
const SLAB_BYTES = 4 * 1024 * 1024;
/** The most one read may return: one WebSocket message on the tunnel, well under its 1 MiB cap. */
export const MAX_READ_BYTES = 256 * 1024;
/** A slab with less than this left is dropped for a new one (its chunks stay valid). */
const MIN_READ_BYTES = 64 * 1024;

/**
 * `onread` options for `net.connect` that read a socket into large slabs: each read takes as much
 * as is waiting, up to `MAX_READ_BYTES` (Node's own reads stop at 64 KiB, and allocate a buffer
 * each), and every chunk handed to `onChunk` is a view that is never written again, so it can be
 * sent on asynchronously without a copy. A VNC server pushing a full screen (3 MiB at 1024×768)
 * then crosses the tunnel in a dozen messages instead of fifty, with fewer sends, callbacks and
 * garbage on both the harvester and the nester. `onChunk` is swappable through the returned
 * setter (a handshake reads first, then a relay takes over).
 */
export function slabReads(): {
  readonly onread: OnReadOpts;
  readonly setSink: (onChunk: (chunk: Buffer) => void) => void;
} {
  let slab = Buffer.allocUnsafe(SLAB_BYTES);
  let used = 0;
  let sink: (chunk: Buffer) => void = () => undefined;
  const next = (): Buffer => {
    if (slab.length - used < MIN_READ_BYTES) {
      slab = Buffer.allocUnsafe(SLAB_BYTES);
      used = 0;
    }
    return slab.subarray(used, Math.min(slab.length, used + MAX_READ_BYTES));
  };
  return {
    onread: {
      buffer: next,
      callback: (n: number, buf: Uint8Array) => {
        // `buf` is the view `next` handed out; its first n bytes are the read.
        used += n;
        sink(Buffer.from(buf.buffer, buf.byteOffset, n));
        return true; // pausing is the relay's business (socket.pause), not this reader's
      },
    },
    setSink: (onChunk) => {
      sink = onChunk;
    },
  };
}

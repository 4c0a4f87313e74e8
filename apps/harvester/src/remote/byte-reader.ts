/**
 * Reads exact byte counts from a stream of chunks (a TCP socket, WebSocket messages), for
 * handshakes; `rest()` hands back what arrived beyond them so that nothing is lost when the
 * caller switches to plain relaying.
 */
export class ByteReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private waiter: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    this.wake();
  }

  /** Fails the pending and every later read (the stream ended or broke). */
  fail(err: Error): void {
    this.failure ??= err;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(err);
  }

  read(n: number): Promise<Buffer> {
    if (this.waiter) return Promise.reject(new Error('cannot read: a read is pending'));
    return new Promise((resolve, reject) => {
      this.waiter = { n, resolve, reject };
      this.wake();
    });
  }

  /** Everything buffered and not read, emptied. */
  rest(): Buffer {
    const all = Buffer.concat(this.chunks);
    this.chunks = [];
    this.size = 0;
    return all;
  }

  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.size >= w.n) {
      this.waiter = undefined;
      const all = Buffer.concat(this.chunks);
      this.chunks = all.length > w.n ? [all.subarray(w.n)] : [];
      this.size = all.length - w.n;
      w.resolve(all.subarray(0, w.n));
    } else if (this.failure) {
      this.waiter = undefined;
      w.reject(this.failure);
    }
  }
}

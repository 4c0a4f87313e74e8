import type { WebSocket } from 'ws';

/** Above this many bytes handed to a socket and not yet written, the source is paused. */
export const HIGH_WATER = 1024 * 1024;
/** Resumed once the unwritten bytes fall below this. */
export const LOW_WATER = 256 * 1024;

/** Something that produces bytes and can be told to wait (a PTY, a TCP socket, a pipe). */
export interface Pausable {
  pause(): void;
  resume(): void;
}

/**
 * Sends on a WebSocket and pauses `source` while more than `HIGH_WATER` bytes wait to be
 * written, resuming below `LOW_WATER`: the tunnel's TCP flow control reaches the producer, so a
 * slow browser slows the PTY or the VNC server instead of filling the harvester's memory.
 */
export class SendGate {
  private pending = 0;
  private paused = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly source: Pausable,
  ) {}

  /** Bytes sent so far, for the session's accounting. */
  sent = 0;

  send(frame: Buffer): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.pending += frame.length;
    this.sent += frame.length;
    this.socket.send(frame, { binary: true }, () => {
      this.pending -= frame.length;
      if (this.paused && this.pending < LOW_WATER) {
        this.paused = false;
        this.source.resume();
      }
    });
    if (!this.paused && this.pending > HIGH_WATER) {
      this.paused = true;
      this.source.pause();
    }
  }
}

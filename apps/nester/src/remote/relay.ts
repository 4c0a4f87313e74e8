import type { RawData, WebSocket } from 'ws';

/** Above this many bytes handed to a socket and not yet written, the other side is paused. */
const HIGH_WATER = 2 * 1024 * 1024;
const LOW_WATER = 512 * 1024;

/** How a relay ended: which side closed first, with what code and reason, and the byte counts. */
export interface RelayEnd {
  readonly by: 'browser' | 'harvester';
  readonly code: number;
  readonly reason: string;
  /** Bytes from the browser to the harvester. */
  readonly bytesIn: number;
  /** Bytes from the harvester to the browser. */
  readonly bytesOut: number;
}

export interface RelayHooks {
  /** Sees each browser message before it is forwarded. */
  fromBrowser?(data: Buffer): void;
  /** Sees each harvester message before it is forwarded. */
  fromHarvester?(data: Buffer): void;
}

/**
 * Pairs a browser socket with a harvester's session socket: every message passes as it is
 * (binary stays binary), and each direction pauses its source while the destination has more
 * than 2 MiB unwritten, so a slow browser slows the harvester through TCP instead of growing the
 * nester's memory. The first close closes the other side with the same code and reason (codes
 * a browser may not receive become 1011). `pending` are browser messages that arrived while
 * the session opened; they go first.
 */
export function relay(
  browser: WebSocket,
  harvester: WebSocket,
  pending: readonly Buffer[],
  hooks: RelayHooks = {},
): Promise<RelayEnd> {
  let bytesIn = 0;
  let bytesOut = 0;
  const toHarvester = forwarder(harvester, browser);
  const toBrowser = forwarder(browser, harvester);
  for (const b of pending) {
    hooks.fromBrowser?.(b);
    bytesIn += b.length;
    toHarvester(b, true);
  }
  // Forward first, look second: a recording or an audit hook never delays a keystroke's echo.
  // (Neither side masks what the nester sends, so `send` leaves the buffer as it was.)
  browser.on('message', (data: RawData, isBinary: boolean) => {
    const b = asBuffer(data);
    bytesIn += b.length;
    toHarvester(b, isBinary);
    hooks.fromBrowser?.(b);
  });
  harvester.on('message', (data: RawData, isBinary: boolean) => {
    const b = asBuffer(data);
    bytesOut += b.length;
    toBrowser(b, isBinary);
    hooks.fromHarvester?.(b);
  });
  return new Promise((resolve) => {
    let done = false;
    const end = (by: RelayEnd['by'], code: number, reason: Buffer): void => {
      if (done) return;
      done = true;
      const text = reason.toString('utf8');
      const other = by === 'browser' ? harvester : browser;
      if (other.readyState === other.OPEN || other.readyState === other.CONNECTING) {
        other.close(sendable(code), text.slice(0, 120));
      }
      resolve({ by, code, reason: text, bytesIn, bytesOut });
    };
    browser.once('close', (code, reason) => end('browser', code, reason));
    harvester.once('close', (code, reason) => end('harvester', code, reason));
  });
}

/** Sends to `to`, pausing `from` while `to` has too much unwritten. */
function forwarder(to: WebSocket, from: WebSocket): (b: Buffer, binary: boolean) => void {
  let pending = 0;
  let paused = false;
  return (b, binary) => {
    if (to.readyState !== to.OPEN) return;
    pending += b.length;
    to.send(b, { binary }, () => {
      pending -= b.length;
      if (paused && pending < LOW_WATER) {
        paused = false;
        from.resume();
      }
    });
    if (!paused && pending > HIGH_WATER) {
      paused = true;
      from.pause();
    }
  };
}

/** Close codes an endpoint may send: 1000, 1001, 1003, 1007–1011, 3000–4999; others become 1011. */
export function sendable(code: number): number {
  if (code === 1000 || code === 1001 || code === 1003 || (code >= 1007 && code <= 1011)) return code;
  if (code >= 3000 && code <= 4999) return code;
  return code === 1005 ? 1000 : 1011;
}

export function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

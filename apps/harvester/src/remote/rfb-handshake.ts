import { ByteReader } from './byte-reader.js';
import { vncAuthResponse } from './vnc-auth.js';

/** RFB security types (RFC 6143 §7.2). */
const NONE = 1;
const VNC_AUTH = 2;

/** Something the handshake can write to (a TCP socket, a WebSocket wrapper). */
export type Write = (bytes: Buffer) => void;

/** The VNC server refused, or spoke something that is not RFB 3.x. */
export class RfbError extends Error {
  override readonly name = 'RfbError';
}

/**
 * Our side of the handshake with the VNC server (RFC 6143 §7.1–7.2): protocol 3.3, 3.7 or 3.8,
 * security None when offered, else VNC authentication with `password`. Resolves once the server
 * waits for ClientInit; what it sent beyond that stays in `reader`. The password never leaves
 * the harvester.
 */
export async function authenticateToServer(
  reader: ByteReader,
  write: Write,
  password: string | undefined,
): Promise<void> {
  const minor = parseVersion(await reader.read(12));
  const use = minor >= 8 ? 8 : minor >= 7 ? 7 : 3;
  write(Buffer.from(`RFB 003.00${use}\n`, 'latin1'));
  let type: number;
  if (use === 3) {
    type = (await reader.read(4)).readUInt32BE(0);
    if (type === 0) throw new RfbError(`the VNC server refused: ${await readReason(reader)}`);
  } else {
    const count = (await reader.read(1))[0]!;
    if (count === 0) throw new RfbError(`the VNC server refused: ${await readReason(reader)}`);
    const offered = [...(await reader.read(count))];
    type = pickType(offered);
    write(Buffer.of(type));
  }
  if (type === VNC_AUTH) {
    if (password === undefined) {
      throw new RfbError('the VNC server asks for a password: set remote.desktop.passwordFile');
    }
    write(vncAuthResponse(password, await reader.read(16)));
  } else if (type !== NONE) {
    throw new RfbError(`the VNC server wants security type ${type}; supported: None, VNC authentication`);
  }
  if (type === VNC_AUTH || use === 8) {
    const result = (await reader.read(4)).readUInt32BE(0);
    if (result !== 0) {
      const why = use === 8 ? await readReason(reader) : 'authentication failed';
      throw new RfbError(`the VNC server refused the password: ${why}`);
    }
  }
}

/**
 * The browser's side of the handshake: we offer security None only (the harvester has
 * authenticated to the server already), so the browser never needs, or sees, a password.
 * Resolves once the browser's next bytes are its ClientInit.
 */
export async function acceptClient(reader: ByteReader, write: Write): Promise<void> {
  write(Buffer.from('RFB 003.008\n', 'latin1'));
  const minor = parseVersion(await reader.read(12));
  if (minor < 7) {
    write(u32(NONE));
    return;
  }
  write(Buffer.of(1, NONE));
  const chosen = (await reader.read(1))[0];
  if (chosen !== NONE) throw new RfbError(`the browser chose security type ${String(chosen)}, not None`);
  if (minor >= 8) write(u32(0));
}

function pickType(offered: number[]): number {
  if (offered.includes(NONE)) return NONE;
  if (offered.includes(VNC_AUTH)) return VNC_AUTH;
  throw new RfbError(
    `the VNC server offers security types ${offered.join(', ')}; supported: None (1), VNC authentication (2)`,
  );
}

function parseVersion(bytes: Buffer): number {
  const m = /^RFB 003\.(\d{3})\n$/.exec(bytes.toString('latin1'));
  if (!m) throw new RfbError(`not an RFB 3.x peer: it said ${JSON.stringify(bytes.toString('latin1'))}`);
  return Number(m[1]);
}

async function readReason(reader: ByteReader): Promise<string> {
  const length = (await reader.read(4)).readUInt32BE(0);
  return (await reader.read(Math.min(length, 4096))).toString('utf8');
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

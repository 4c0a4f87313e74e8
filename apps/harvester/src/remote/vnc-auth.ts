import { createCipheriv } from 'node:crypto';

/**
 * The response to a VNC authentication challenge (RFC 6143 §7.2.2): the 16-byte challenge
 * DES-encrypted with the password (first 8 bytes, zero-padded) as key, each key byte's bits
 * reversed, as every VNC server expects. Single DES is Triple DES with three equal keys
 * (`des-ede-ecb` with K1 = K2), which OpenSSL 3 still offers without its legacy provider.
 */
export function vncAuthResponse(password: string, challenge: Buffer): Buffer {
  if (challenge.length !== 16) throw new Error(`cannot answer a VNC challenge of ${challenge.length} bytes`);
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) key[i] = reverseBits(key[i]!);
  const cipher = createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}

function reverseBits(b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) r |= ((b >> i) & 1) << (7 - i);
  return r;
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque bearer secrets (sessions, harvester credentials). Only their SHA-256 is stored:
 * they carry 256 random bits, so a fast hash is enough and a stolen state file reveals nothing usable.
 */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function newId(): string {
  return randomBytes(9).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

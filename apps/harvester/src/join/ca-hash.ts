import { createHash, X509Certificate } from 'node:crypto';
import { InvalidInputError } from '@seahawks/model';

const CA_HASH_RE = /^sha256:([0-9a-fA-F]{64})$/;

/**
 * The CA hash, as kubeadm's `--discovery-token-ca-cert-hash` and the nester's join command:
 * `sha256:` + lower-case hex SHA-256 of the certificate's SubjectPublicKeyInfo (DER). Computed
 * with Node's own X509Certificate, so the agent needs no certificate library.
 * Throws `InvalidInputError` when `pem` is not a certificate.
 */
export function caHashOf(pem: string): string {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (err) {
    throw new InvalidInputError(`cannot read the CA certificate: ${(err as Error).message}`, { cause: err });
  }
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** Checks a `--ca-hash` value and returns it normalised to lower case. */
export function parseCaHash(text: string): string {
  const m = CA_HASH_RE.exec(text.trim());
  if (!m)
    throw new InvalidInputError(
      `cannot use --ca-hash "${text}": expected sha256: and 64 hex digits, as printed by seahawks nester token create`,
    );
  return `sha256:${m[1]!.toLowerCase()}`;
}

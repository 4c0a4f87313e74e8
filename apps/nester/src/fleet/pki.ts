import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { SeahawksError } from '@seahawks/model';
import {
  buildCaCertificate,
  buildServerCertificate,
  generateRsaKeyPair,
  serverCertificateCovers,
} from './pki-certs.js';

/** The nester's TLS identity on the harvester port (docs/decisions/0004-tunnel.md). */
export interface Pki {
  /** The CA certificate every harvester pins, PEM. */
  readonly caPem: string;
  /** `sha256:<hex>` of the CA's SubjectPublicKeyInfo DER, as printed in join commands. */
  readonly caHash: string;
  /** The server certificate for port 5000, PEM. */
  readonly certPem: string;
  /** The server certificate's private key, PEM. */
  readonly keyPem: string;
}

/** Operator-supplied TLS files, used as they are instead of the generated PKI. */
export interface PkiFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
}

/** The PKI could not be read, created or checked. */
export class PkiError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('pki', message, options);
  }
}

/** A server certificate closer than this to its end is re-issued at start. */
const RENEW_MARGIN_MS = 90 * 86_400_000;

/**
 * The CA hash of a PEM certificate: `sha256:` + lower-case hex SHA-256 of its
 * SubjectPublicKeyInfo (DER), like kubeadm's `--discovery-token-ca-cert-hash`. Stable across
 * re-issues of the certificate with the same key. Throws `PkiError` when `caPem` is not a certificate.
 */
export function caHashOf(caPem: string): string {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(caPem);
  } catch (err) {
    throw new PkiError(`cannot hash the CA certificate: ${(err as Error).message}`, { cause: err });
  }
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/**
 * The names the server certificate covers by default: the hostname, `localhost`, the loopback
 * addresses and every address of the machine's interfaces.
 */
export function defaultServerNames(): string[] {
  const names = new Set([hostname(), 'localhost', '127.0.0.1', '::1']);
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (!a.address.startsWith('fe80')) names.add(a.address);
  }
  return [...names];
}

/**
 * Loads the nester's PKI from `dir` (`ca.crt`, `ca.key`, `server.crt`, `server.key`), creating
 * what is missing: the CA once (RSA 2048, ten years), the server certificate whenever it does
 * not cover `serverNames` or ends within 90 days (the CA, hence the hash harvesters pin, stays).
 * Files are written atomically with mode 0600 in a 0700 directory. With `supplied`, the
 * operator's files are used as they are and nothing is written.
 */
export async function loadOrCreatePki(
  dir: string,
  serverNames: readonly string[],
  supplied?: PkiFiles,
  now: number = Date.now(),
): Promise<Pki> {
  if (supplied) return loadSupplied(supplied);
  if (serverNames.length === 0) throw new PkiError('cannot create the server certificate: no server names');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = (f: string): string => join(dir, f);
  let caPem = await readOptional(path('ca.crt'));
  let caKeyPem = await readOptional(path('ca.key'));
  if (caPem !== undefined && caKeyPem === undefined) {
    throw new PkiError(`cannot load the nester CA: ${path('ca.crt')} exists without ${path('ca.key')}`);
  }
  if (caPem === undefined || caKeyPem === undefined) {
    const keys = await generateRsaKeyPair();
    caKeyPem = keys.privateKeyPem;
    caPem = buildCaCertificate(keys, new Date(now));
    // Key first: a crash in between leaves a key without a certificate, which is regenerated.
    await writePrivate(path('ca.key'), caKeyPem);
    await writePrivate(path('ca.crt'), caPem);
  }
  let certPem = await readOptional(path('server.crt'));
  let keyPem = await readOptional(path('server.key'));
  if (certPem === undefined || keyPem === undefined || !safeCovers(certPem, caPem, serverNames, now)) {
    const keys = await generateRsaKeyPair();
    keyPem = keys.privateKeyPem;
    certPem = buildServerCertificate(keys, { certPem: caPem, keyPem: caKeyPem }, serverNames, new Date(now));
    await writePrivate(path('server.key'), keyPem);
    await writePrivate(path('server.crt'), certPem);
  }
  return { caPem, caHash: caHashOf(caPem), certPem, keyPem };
}

async function loadSupplied(files: PkiFiles): Promise<Pki> {
  const [certPem, keyPem, caPem] = await Promise.all(
    [files.certFile, files.keyFile, files.caFile].map(async (f) => {
      const text = await readOptional(f);
      if (text === undefined) throw new PkiError(`cannot load the TLS files: ${f} does not exist`);
      return text;
    }),
  );
  try {
    const cert = new X509Certificate(certPem!);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem!))) {
      throw new Error(`${files.keyFile} is not the key of ${files.certFile}`);
    }
  } catch (err) {
    throw new PkiError(`cannot load the TLS files: ${(err as Error).message}`, { cause: err });
  }
  return { caPem: caPem!, caHash: caHashOf(caPem!), certPem: certPem!, keyPem: keyPem! };
}

function safeCovers(certPem: string, caPem: string, names: readonly string[], now: number): boolean {
  try {
    return serverCertificateCovers(certPem, caPem, names, now, RENEW_MARGIN_MS);
  } catch {
    // An unreadable server certificate is replaced, like an outdated one: it is ours to re-issue.
    return false;
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PkiError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}

async function writePrivate(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`;
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.chmod(0o600);
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    throw new PkiError(`cannot write ${file}: ${(err as Error).message}`, { cause: err });
  }
}

import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat, unlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, createServer } from 'node:tls';
import { caHashOf, loadOrCreatePki, PkiError } from './pki.js';
import type { Pki } from './pki.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

describe('nester PKI', () => {
  let dir: string;
  let pki: Pki;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-pki-'));
    pki = await loadOrCreatePki(join(dir, 'pki'), ['nester.example', 'localhost', '127.0.0.1', '::1']);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hashes the CA SubjectPublicKeyInfo like kubeadm: sha256 of the DER, lower-case hex', () => {
    const spki = new X509Certificate(pki.caPem).publicKey.export({ type: 'spki', format: 'der' });
    assert.equal(pki.caHash, `sha256:${createHash('sha256').update(spki).digest('hex')}`);
    assert.match(pki.caHash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(caHashOf(pki.caPem), pki.caHash);
  });

  it('makes an RSA 2048 CA (CA:true) and a server certificate it signed, for serverAuth', () => {
    const ca = new X509Certificate(pki.caPem);
    const server = new X509Certificate(pki.certPem);
    assert.equal(ca.ca, true);
    assert.equal(server.ca, false);
    assert.equal(ca.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(server.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.ok(ca.verify(ca.publicKey), 'the CA is self-signed');
    assert.ok(server.verify(ca.publicKey), 'the CA signed the server certificate');
    assert.ok(server.checkIssued(ca));
    assert.deepEqual(server.keyUsage, [SERVER_AUTH]);
    assert.equal(
      server.subjectAltName,
      'DNS:nester.example, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
  });

  it('writes its files with mode 0600 in a 0700 directory', async () => {
    assert.equal((await stat(join(dir, 'pki'))).mode & 0o777, 0o700);
    for (const f of ['ca.crt', 'ca.key', 'server.crt', 'server.key']) {
      assert.equal((await stat(join(dir, 'pki', f))).mode & 0o777, 0o600, f);
    }
  });

  it('reuses what it created: same CA, same certificate, same hash', async () => {
    const again = await loadOrCreatePki(join(dir, 'pki'), ['localhost', '127.0.0.1']);
    assert.deepEqual(again, pki);
  });

  it('re-issues the server certificate for new names under the same CA (the pinned hash stays)', async () => {
    const again = await loadOrCreatePki(join(dir, 'pki'), ['nester.example', 'new.example']);
    assert.equal(again.caHash, pki.caHash);
    assert.notEqual(again.certPem, pki.certPem);
    assert.match(new X509Certificate(again.certPem).subjectAltName ?? '', /DNS:new\.example/);
    pki = again;
  });

  it('serves TLS that a client pinning the CA accepts for its names', async () => {
    const server = createServer({ cert: pki.certPem, key: pki.keyPem }, (s) => s.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port, ca: pki.caPem, servername: 'new.example' }, () => {
          s.setEncoding('utf8');
          s.once('data', resolve);
        });
        s.once('error', reject);
      });
      assert.equal(answer, 'ok');
    } finally {
      server.close();
    }
  });

  it('uses operator-supplied files as they are, and checks the key matches', async () => {
    const files = {
      certFile: join(dir, 'pki', 'server.crt'),
      keyFile: join(dir, 'pki', 'server.key'),
      caFile: join(dir, 'pki', 'ca.crt'),
    };
    const supplied = await loadOrCreatePki(join(dir, 'unused'), [], files);
    assert.deepEqual(supplied, pki);
    await assert.rejects(
      loadOrCreatePki(join(dir, 'unused'), [], { ...files, keyFile: join(dir, 'pki', 'ca.key') }),
      (err: unknown) =>
        err instanceof PkiError &&
        /cannot load the TLS files: .*ca\.key is not the key of .*server\.crt/.test(err.message),
    );
    await assert.rejects(
      loadOrCreatePki(join(dir, 'unused'), [], { ...files, caFile: join(dir, 'nope.crt') }),
      /cannot load the TLS files: .*nope\.crt does not exist/,
    );
  });

  it('refuses a CA certificate whose key is gone, rather than replacing what harvesters pinned', async () => {
    const other = join(dir, 'orphan');
    await loadOrCreatePki(other, ['localhost']);
    await unlink(join(other, 'ca.key'));
    await assert.rejects(
      loadOrCreatePki(other, ['localhost']),
      /cannot load the nester CA: .*ca\.crt exists without .*ca\.key/,
    );
  });

  it('replaces an unreadable server certificate', async () => {
    await writeFile(join(dir, 'pki', 'server.crt'), 'garbage', { mode: 0o600 });
    const again = await loadOrCreatePki(join(dir, 'pki'), ['localhost']);
    assert.equal(again.caHash, pki.caHash);
    assert.ok(new X509Certificate(again.certPem).verify(new X509Certificate(pki.caPem).publicKey));
  });

  it('says what is wrong with a non-certificate', () => {
    assert.throws(
      () => caHashOf('not a certificate'),
      (err: unknown) => err instanceof PkiError && /^cannot hash the CA certificate: /.test(err.message),
    );
  });
});

// The whole join, across both apps: a nester's PKI and join endpoint on a real TLS port, and
// `seahawks harvester join`'s code dialling it — directly and through an HTTP CONNECT proxy.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { loadHarvesterConfig } from '../../apps/harvester/src/config/load.js';
import { caHashOf as harvesterCaHash } from '../../apps/harvester/src/join/ca-hash.js';
import { joinNester } from '../../apps/harvester/src/join/join.js';
import type { JoinOptions } from '../../apps/harvester/src/join/join.js';
import { registerJoinRoutes } from '../../apps/nester/src/api/join-routes.js';
import { JoinTokenStore } from '../../apps/nester/src/fleet/join-tokens.js';
import { caHashOf as nesterCaHash, loadOrCreatePki } from '../../apps/nester/src/fleet/pki.js';
import type { Pki } from '../../apps/nester/src/fleet/pki.js';
import { FleetRegistry } from '../../apps/nester/src/fleet/registry.js';
import { JsonFile } from '../../apps/nester/src/state/json-file.js';

interface TestNester {
  url: string;
  readonly app: FastifyInstance;
  joinCalls: number;
}

/** A TLS nester presenting `tls`'s certificate and serving `servedCa` at /tunnel/v1/ca. */
async function startTlsNester(tls: Pki, servedCa: string, tokens: JoinTokenStore, fleet: FleetRegistry) {
  const app = Fastify({ https: { cert: tls.certPem, key: tls.keyPem } });
  const n: TestNester = { url: '', app, joinCalls: 0 };
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.url === '/tunnel/v1/join') n.joinCalls++;
    done();
  });
  app.get('/tunnel/v1/ca', (_req, reply) => reply.type('application/x-pem-file').send(servedCa));
  registerJoinRoutes(app, { joinTokens: tokens, fleet, clock: Date.now, logger: app.log });
  await app.listen({ host: '127.0.0.1', port: 0 });
  n.url = `https://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return n;
}

describe('harvester join against a real TLS nester', () => {
  let dir: string;
  let pki: Pki;
  let tokens: JoinTokenStore;
  let fleet: FleetRegistry;
  let nester: TestNester;
  let runs = 0;
  const noProxy = () => '';
  const options = async (over: Partial<JoinOptions> = {}): Promise<JoinOptions> => ({
    url: nester.url,
    token: (await tokens.create({ createdBy: 'test', labels: { team: 'ops' } }, Date.now())).token,
    caHash: pki.caHash,
    name: `node-${++runs}`,
    labels: { team: 'dev', rack: 'r4' },
    dataDir: join(dir, `h${runs}`),
    proxyFor: noProxy,
    ...over,
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-join-flow-'));
    pki = await loadOrCreatePki(join(dir, 'pki'), ['localhost', '127.0.0.1']);
    tokens = await JoinTokenStore.open(new JsonFile(join(dir, 'join-tokens.json')));
    fleet = await FleetRegistry.open(new JsonFile(join(dir, 'fleet.json')));
    nester = await startTlsNester(pki, pki.caPem, tokens, fleet);
  });
  after(async () => {
    await nester.app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('hashes the CA exactly as the nester does', () => {
    assert.equal(harvesterCaHash(pki.caPem), nesterCaHash(pki.caPem));
    assert.equal(harvesterCaHash(pki.caPem), pki.caHash);
  });

  it('joins: credential, CA and config written with mode 0600, a config that loads', async () => {
    const o = await options({ inventory: { os: 'Debian 12', arch: 'arm64' } });
    const r = await joinNester(o);
    assert.deepEqual([r.name, r.labels], [o.name, { team: 'ops', rack: 'r4' }], "the token's labels win");
    const credential = (await readFile(r.credentialFile, 'utf8')).trim();
    assert.equal(fleet.authenticate(credential)?.name, o.name);
    assert.ok(nester.joinCalls > 0, 'the join call is counted');
    assert.equal(fleet.byName(o.name)?.inventory.os, 'Debian 12');
    assert.equal(await readFile(r.caFile, 'utf8'), pki.caPem);
    for (const f of [r.credentialFile, r.caFile, r.configFile])
      assert.equal((await stat(f)).mode & 0o777, 0o600, f);
    assert.equal((await stat(o.dataDir)).mode & 0o777, 0o700);
    const config = await loadHarvesterConfig(r.configFile, {}, {});
    assert.deepEqual(
      [config.nester, config.credentialFile, config.caFile, config.name, config.labels, config.dataDir],
      [nester.url, r.credentialFile, r.caFile, o.name, { team: 'ops', rack: 'r4' }, o.dataDir],
    );
  });

  it('keeps what an existing config file holds, and refuses to join twice into one data directory', async () => {
    const o = await options();
    const configFile = join(dir, 'pre-written.json');
    await writeFile(
      configFile,
      JSON.stringify({ nester: 'https://old:5000', credentialFile: 'x', interval: '5s' }),
    );
    const r = await joinNester({ ...o, configFile });
    const config = await loadHarvesterConfig(r.configFile, {}, {});
    assert.deepEqual([config.interval, config.nester], ['5s', nester.url]);
    await assert.rejects(joinNester(await options({ dataDir: o.dataDir, configFile })), /has joined already/);
  });

  it('refuses a nester whose CA hash does not match, before sending the token', async () => {
    const before = nester.joinCalls;
    const wrong = `sha256:${'0'.repeat(64)}`;
    const o = await options({ caHash: wrong });
    await assert.rejects(joinNester(o), {
      message: `cannot join ${nester.url}: the nester's CA hash ${pki.caHash} does not match --ca-hash ${wrong}`,
    });
    assert.equal(nester.joinCalls, before, 'no join request was made');
    await assert.rejects(stat(join(o.dataDir, 'credential')), { code: 'ENOENT' });
  });

  it('refuses an impostor serving the real CA with a certificate of its own, before sending the token', async () => {
    const other = await loadOrCreatePki(join(dir, 'pki-impostor'), ['127.0.0.1']);
    const impostor = await startTlsNester(other, pki.caPem, tokens, fleet);
    try {
      await assert.rejects(
        joinNester(await options({ url: impostor.url })),
        /not issued by the CA whose hash was checked/,
      );
      assert.equal(impostor.joinCalls, 0, 'the token never reached the impostor');
    } finally {
      await impostor.app.close();
    }
  });

  it('refuses a wrong token with the nester message, and writes nothing', async () => {
    const o = await options({ token: 'abcdef.0123456789abcdef' });
    await assert.rejects(joinNester(o), {
      message:
        /^cannot join https:\/\/127\.0\.0\.1:\d+: the nester refused \(HTTP 401\): the join token is invalid/,
    });
    await assert.rejects(stat(join(o.dataDir, 'credential')), { code: 'ENOENT' });
  });

  it('reports a taken name with the nester message (409)', async () => {
    await fleet.enroll('taken-name', {}, Date.now());
    await assert.rejects(
      joinNester(await options({ name: 'taken-name' })),
      /HTTP 409\): a harvester of that name is already enrolled/,
    );
  });

  it('joins through an HTTPS_PROXY with CONNECT, TLS end to end', async () => {
    const seen: string[] = [];
    const proxy = await startConnectProxy(seen);
    try {
      const port = (proxy.address() as AddressInfo).port;
      const r = await joinNester(await options({ proxyFor: () => `http://127.0.0.1:${port}` }));
      assert.ok(fleet.byName(r.name));
      const target = new URL(nester.url).host;
      assert.deepEqual(seen, [target, target], 'both calls went through the proxy');
    } finally {
      await new Promise((resolve) => {
        proxy.close(resolve);
        proxy.emit('close');
      });
    }
  });

  it('accepts a certificate under another name when the pinned CA signed it, unless told to verify names', async () => {
    const elsewhere = await loadOrCreatePki(join(dir, 'pki-renamed'), ['nester.internal.example']);
    const renamed = await startTlsNester(elsewhere, elsewhere.caPem, tokens, fleet);
    try {
      const tolerated: string[] = [];
      const o = await options({
        url: renamed.url,
        caHash: elsewhere.caHash,
        onNameTolerated: (h) => tolerated.push(h),
      });
      await joinNester(o);
      assert.deepEqual(tolerated, ['127.0.0.1']);
      const strict = await options({ url: renamed.url, caHash: elsewhere.caHash, verifyServerName: true });
      await assert.rejects(joinNester(strict), /the nester's certificate does not cover "127\.0\.0\.1"/);
    } finally {
      await renamed.app.close();
    }
  });

  it('checks the name of the host dialled, not "localhost", through a proxy', async () => {
    // A certificate for 127.0.0.1 only: checked against "localhost" it would be refused.
    const ipOnly = await loadOrCreatePki(join(dir, 'pki-ip-only'), ['127.0.0.1']);
    const ipNester = await startTlsNester(ipOnly, ipOnly.caPem, tokens, fleet);
    const seen: string[] = [];
    const proxy = await startConnectProxy(seen);
    try {
      const port = (proxy.address() as AddressInfo).port;
      const o = await options({
        url: ipNester.url,
        caHash: ipOnly.caHash,
        proxyFor: () => `http://127.0.0.1:${port}`,
        verifyServerName: true,
      });
      const r = await joinNester(o);
      assert.equal(seen.length, 2);
      const config = await loadHarvesterConfig(r.configFile, {}, {});
      assert.equal(config.verifyServerName, true, 'the choice is kept for harvester run');
    } finally {
      await new Promise((resolve) => {
        proxy.close(resolve);
        proxy.emit('close');
      });
      await ipNester.app.close();
    }
  });

  it('checks its arguments before dialling', async () => {
    const cases: Array<[Partial<JoinOptions>, RegExp]> = [
      [{ url: 'http://127.0.0.1:5000' }, /an https:\/\/ URL/],
      [{ token: 'nope' }, /expected a join token/],
      [{ caHash: 'md5:abc' }, /expected sha256: and 64 hex digits/],
      [{ name: '-bad' }, /cannot use node name "-bad"/],
    ];
    for (const [over, want] of cases) await assert.rejects(joinNester(await options(over)), want);
  });
});

/** A minimal HTTP CONNECT proxy that records the targets it was asked for. */
async function startConnectProxy(seen: string[]): Promise<Server> {
  const proxy = createServer((_req, res) => res.writeHead(405).end());
  const open = new Set<Socket>();
  proxy.on('close', () => open.forEach((s) => s.destroy()));
  proxy.on('connect', (req, client: Socket, head) => {
    seen.push(req.url ?? '');
    open.add(client);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      open.add(upstream);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}

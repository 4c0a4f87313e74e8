import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrustedProxies } from './client-address.js';

const req = (peer: string, xff?: string, proto?: string, encrypted = false) => ({
  peer,
  encrypted,
  forwardedFor: xff,
  forwardedProto: proto,
});

describe('trusted proxies', () => {
  const proxies = new TrustedProxies(['10.0.0.0/8', '192.0.2.7', 'fd00::/8']);

  it('believes forwarded headers only from a trusted peer', () => {
    assert.deepEqual(proxies.origin(req('10.1.2.3', '198.51.100.4', 'https')), {
      address: '198.51.100.4',
      https: true,
    });
    assert.deepEqual(proxies.origin(req('198.51.100.9', '1.2.3.4', 'https')), {
      address: '198.51.100.9',
      https: false,
    });
    assert.deepEqual(proxies.origin(req('::ffff:192.0.2.7', '198.51.100.4', 'http')), {
      address: '198.51.100.4',
      https: false,
    });
  });

  it('takes the rightmost untrusted hop, so a client cannot choose its address', () => {
    const o = proxies.origin(req('10.0.0.1', '6.6.6.6, 198.51.100.4, 10.0.0.2'));
    assert.equal(o.address, '198.51.100.4');
    assert.equal(proxies.origin(req('fd00::1', 'garbage')).address, 'fd00::1');
  });

  it('counts a TLS connection as HTTPS whatever the headers', () => {
    assert.equal(new TrustedProxies([]).origin(req('1.2.3.4', undefined, 'http', true)).https, true);
    assert.equal(new TrustedProxies([]).origin(req('1.2.3.4', '5.6.7.8', 'https')).https, false);
  });

  it('refuses entries that are not addresses or ranges', () => {
    for (const bad of ['proxy.example', '10.0.0.0/33', '10.0.0.0/', 'fd00::/129'])
      assert.throws(() => new TrustedProxies([bad]), /cannot trust proxy/, bad);
  });
});

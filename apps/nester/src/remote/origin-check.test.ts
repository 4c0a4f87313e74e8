import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/roles.js';
import { originProblem } from './origin-check.js';

const cookieUser: Principal = { kind: 'user', name: 'op', role: 'operator', teams: ['a'], via: 'session' };
const tokenUser: Principal = { ...cookieUser, via: 'token' };

function req(
  headers: { origin?: string; host?: string },
  principal: Principal | undefined = cookieUser,
): FastifyRequest {
  return { headers, principal } as unknown as FastifyRequest;
}

describe('origin check of browser session sockets', () => {
  it('accepts the nester’s own origin, http or https, whatever the case of Host', () => {
    assert.equal(
      originProblem(req({ origin: 'http://nester.example:8080', host: 'nester.example:8080' })),
      undefined,
    );
    assert.equal(originProblem(req({ origin: 'https://nester.example', host: 'Nester.Example' })), undefined);
  });

  it('refuses another site (cross-site WebSocket hijacking)', () => {
    assert.match(
      originProblem(req({ origin: 'https://evil.example', host: 'nester.example' }))!,
      /cannot open a session from Origin https:\/\/evil\.example: not this nester \(nester\.example\)/,
    );
  });

  it('refuses the same host on another port or scheme', () => {
    assert.ok(originProblem(req({ origin: 'http://nester.example:9999', host: 'nester.example:8080' })));
    assert.ok(originProblem(req({ origin: 'ftp://nester.example:8080', host: 'nester.example:8080' })));
  });

  it('refuses an Origin that is not a URL, such as "null" from a sandboxed page', () => {
    assert.match(originProblem(req({ origin: 'null', host: 'nester.example' }))!, /not a URL/);
  });

  it('requires an Origin from a cookie session', () => {
    assert.match(originProblem(req({ host: 'nester.example' }))!, /no Origin header/);
    assert.match(originProblem(req({ origin: '', host: 'nester.example' }))!, /no Origin header/);
  });

  it('lets a bearer-token caller (the CLI) go without Origin, but checks one it sends', () => {
    assert.equal(originProblem(req({ host: 'nester.example' }, tokenUser)), undefined);
    assert.ok(originProblem(req({ origin: 'https://evil.example', host: 'nester.example' }, tokenUser)));
  });

  it('refuses a request without Host', () => {
    assert.match(originProblem(req({ origin: 'https://nester.example' }))!, /no Host header/);
  });
});

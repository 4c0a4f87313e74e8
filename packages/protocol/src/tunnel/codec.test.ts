import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '@seahawks/model';
import { decodeMessage, encodeMessage } from './codec.js';
import { MAX_FRAME_BYTES } from './messages.js';
import type { TunnelMessage } from './messages.js';
import { parseOpenSessionParams } from './session.js';
import { MAX_JSON_DEPTH } from './validate.js';

const VALID: TunnelMessage[] = [
  { type: 'hello', version: 1, inventory: {} },
  {
    type: 'hello',
    version: 1,
    inventory: {
      hostname: 'pi-1',
      os: 'Debian GNU/Linux 12',
      kernel: '6.6.31',
      arch: 'arm64',
      cpus: 4,
      cpuModel: 'Cortex-A72',
      memoryBytes: 8 * 2 ** 30,
      ips: ['192.0.2.7', 'fd00::7'],
      bootTime: 1_700_000_000,
      version: '0.1.0',
    },
  },
  { type: 'welcome', version: 1, name: 'pi-1', serverTime: 1_700_000_000_000, heartbeatMs: 2000 },
  { type: 'heartbeat', time: 1_700_000_000_123 },
  { type: 'request', id: 7, method: 'open_session', params: { token: 'x', kind: 'echo', params: {} } },
  { type: 'reply', id: 7, result: { ok: true, list: [1, 'two', null] } },
  { type: 'reply', id: 8, error: { code: 'unknown_method', message: 'cannot call "x": unknown method' } },
  { type: 'revoked', reason: 'revoked by admin' },
];

/** Frames a hostile peer might send, with the message each must be refused with. */
const INVALID: Array<[string, string | Uint8Array, RegExp]> = [
  ['not JSON', '{"type":', /: not JSON: /],
  ['JSON but not an object', '[1,2]', /\(frame\): expected an object, got an array of 2/],
  ['a bare string', '"hello"', /\(frame\): expected an object, got a string/],
  ['null', 'null', /\(frame\): expected an object, got null/],
  ['no type', '{"version":1}', /type: unknown message type undefined/],
  ['unknown type', '{"type":"metrics"}', /type: unknown message type "metrics"/],
  ['type of the wrong kind', '{"type":7}', /type: unknown message type 7/],
  ['prototype type', '{"type":"constructor"}', /unknown message type "constructor"/],
  ['missing field', '{"type":"heartbeat"}', /heartbeat: missing field "time"/],
  ['extra field', '{"type":"heartbeat","time":1,"x":2}', /heartbeat: unknown field "x"/],
  ['negative time', '{"type":"heartbeat","time":-1}', /heartbeat\.time: -1 is outside 0\.\./],
  ['string time', '{"type":"heartbeat","time":"1"}', /heartbeat\.time: expected a number, got a string/],
  [
    'fractional id',
    '{"type":"request","id":1.5,"method":"m","params":null}',
    /request\.id: expected an integer, got 1\.5/,
  ],
  [
    'huge id',
    '{"type":"request","id":1e12,"method":"m","params":null}',
    /request\.id: 1000000000000 is outside/,
  ],
  [
    'bad method',
    '{"type":"request","id":1,"method":"../x","params":null}',
    /request\.method: "\.\.\/x" does not match/,
  ],
  [
    'reply with both',
    '{"type":"reply","id":1,"result":1,"error":{"code":"x","message":"y"}}',
    /reply: expected exactly one of "result" and "error"/,
  ],
  ['reply with neither', '{"type":"reply","id":1}', /reply: expected exactly one/],
  ['reply error code', '{"type":"reply","id":1,"error":{"code":"X Y","message":"m"}}', /reply\.error\.code/],
  ['old version', '{"type":"hello","version":0,"inventory":{}}', /hello\.version: 0 is outside 1\.\.65535/],
  [
    'inventory not an object',
    '{"type":"hello","version":1,"inventory":[]}',
    /hello\.inventory: expected an object/,
  ],
  [
    'inventory unknown field',
    '{"type":"hello","version":1,"inventory":{"name":"other-host"}}',
    /hello\.inventory: unknown field "name"/,
  ],
  [
    'inventory long string',
    JSON.stringify({ type: 'hello', version: 1, inventory: { os: 'x'.repeat(257) } }),
    /hello\.inventory\.os: string of 257 characters exceeds 256/,
  ],
  [
    'too many ips',
    JSON.stringify({ type: 'hello', version: 1, inventory: { ips: Array(257).fill('1.1.1.1') } }),
    /hello\.inventory\.ips: array of 257 items exceeds 256/,
  ],
  [
    'ip not a string',
    JSON.stringify({ type: 'hello', version: 1, inventory: { ips: ['1.1.1.1', 5] } }),
    /hello\.inventory\.ips\[1\]: expected a string, got 5/,
  ],
  ['cpus negative', '{"type":"hello","version":1,"inventory":{"cpus":-1}}', /inventory\.cpus: -1 is outside/],
  [
    'too deep',
    `{"type":"request","id":1,"method":"m","params":${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}}`,
    /nested deeper than 32/,
  ],
  [
    'oversized string frame',
    `{"type":"revoked","reason":"${'x'.repeat(MAX_FRAME_BYTES)}"}`,
    /larger than the limit of 1048576 bytes/,
  ],
  [
    'oversized binary frame',
    new Uint8Array(MAX_FRAME_BYTES + 1),
    /1048577 bytes exceed the limit of 1048576/,
  ],
  ['invalid UTF-8', Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), /not valid UTF-8/],
  [
    'revoked reason too long',
    JSON.stringify({ type: 'revoked', reason: 'r'.repeat(1025) }),
    /revoked\.reason: string of 1025/,
  ],
];

describe('tunnel codec', () => {
  it('round-trips every message type', () => {
    for (const m of VALID) assert.deepEqual(decodeMessage(encodeMessage(m)), m);
  });

  it('decodes a binary (UTF-8) frame like a text frame', () => {
    const text = encodeMessage({ type: 'heartbeat', time: 5 });
    assert.deepEqual(decodeMessage(new TextEncoder().encode(text)), { type: 'heartbeat', time: 5 });
  });

  for (const [name, frame, message] of INVALID) {
    it(`refuses ${name}`, () => {
      assert.throws(
        () => decodeMessage(frame),
        (err: unknown) => {
          assert.ok(err instanceof InvalidInputError, `an InvalidInputError, got ${String(err)}`);
          assert.match(err.message, /^cannot decode tunnel frame: /);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  it('keeps a hostile "__proto__" key as plain data', () => {
    const m = decodeMessage('{"type":"request","id":1,"method":"m","params":{"__proto__":{"admin":true}}}');
    assert.equal(m.type, 'request');
    const params = (m as { params: Record<string, unknown> }).params;
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
    assert.equal((params as { admin?: boolean }).admin, undefined);
    assert.deepEqual(Object.keys(params), ['__proto__']);
  });

  it('refuses to encode a message the receiver would refuse', () => {
    assert.throws(
      () => encodeMessage({ type: 'revoked', reason: 'x'.repeat(2000) }),
      /cannot decode tunnel frame: revoked\.reason: string of 2000 characters exceeds 1024/,
    );
    const big = { type: 'reply', id: 1, result: Array(8).fill('y'.repeat(200_000)) } as const;
    assert.throws(
      () => encodeMessage(big),
      /cannot encode tunnel reply: 1600\d+ bytes exceed the frame limit/,
    );
  });

  it('survives random garbage with InvalidInputError only', () => {
    let seed = 42;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      '"type"',
      ':',
      ',',
      '"hello"',
      '"reply"',
      '1',
      'null',
      '"x"',
      '-',
      'e9',
    ];
    for (let i = 0; i < 2000; i++) {
      const n = Math.floor(rnd() * 20);
      let s = '';
      for (let j = 0; j < n; j++) s += pieces[Math.floor(rnd() * pieces.length)];
      try {
        decodeMessage(s);
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `${JSON.stringify(s)}: ${String(err)}`);
      }
    }
  });
});

describe('open_session params', () => {
  const token = 'A'.repeat(43);
  it('accepts a token, a kind and an object of params', () => {
    assert.deepEqual(parseOpenSessionParams({ token, kind: 'echo', params: { cols: 80 } }), {
      token,
      kind: 'echo',
      params: { cols: 80 },
    });
  });
  for (const [name, value, message] of [
    [
      'a short token',
      { token: 'abc', kind: 'echo', params: {} },
      /open_session\.token: string of 3|does not match/,
    ],
    [
      'a token with a slash',
      { token: `${'A'.repeat(42)}/`, kind: 'echo', params: {} },
      /open_session\.token: ".*" does not match/,
    ],
    ['a bad kind', { token, kind: 'Echo!', params: {} }, /open_session\.kind/],
    [
      'params not an object',
      { token, kind: 'echo', params: [1] },
      /open_session\.params: expected an object, got an array of 1/,
    ],
    ['no params', { token, kind: 'echo' }, /open_session: missing field "params"/],
  ] as const) {
    it(`refuses ${name}`, () => assert.throws(() => parseOpenSessionParams(value as never), message));
  }
});

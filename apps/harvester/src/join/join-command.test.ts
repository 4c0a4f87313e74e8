import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { joinToken, runJoinCommand } from './join-command.js';
import type { JoinFlags } from './join-command.js';

const TOKEN = 'abcdef.0123456789abcdef';
const noStdin = (): Promise<string> => Promise.reject(new Error('standard input must not be read'));

describe('harvester join flags for automation', () => {
  let dir: string;
  const flags = (over: Partial<JoinFlags>): JoinFlags => ({
    caHash: `sha256:${'ab'.repeat(32)}`,
    data: join(dir, 'data'),
    name: 'node-1',
    ...over,
  });
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-join-command-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads the token from --token-file, trimmed, or from standard input with -', async () => {
    const file = join(dir, 'token');
    await writeFile(file, `${TOKEN}\n`, { mode: 0o600 });
    assert.equal(await joinToken(flags({ tokenFile: file }), noStdin), TOKEN);
    assert.equal(await joinToken(flags({ tokenFile: '-' }), () => Promise.resolve(` ${TOKEN}\r\n`)), TOKEN);
    assert.equal(await joinToken(flags({ token: TOKEN }), noStdin), TOKEN);
  });

  it('wants exactly one of --token and --token-file, and names a file it cannot read', async () => {
    await assert.rejects(joinToken(flags({}), noStdin), /exactly one of --token or --token-file/);
    await assert.rejects(
      joinToken(flags({ token: TOKEN, tokenFile: '-' }), noStdin),
      /exactly one of --token or --token-file/,
    );
    await assert.rejects(
      joinToken(flags({ tokenFile: join(dir, 'missing') }), noStdin),
      /^InvalidInputError: cannot read --token-file .*missing: ENOENT/,
    );
  });

  it('with --skip-if-joined, does nothing (no token, no network) once a credential exists', async () => {
    const data = join(dir, 'joined');
    await runJoinCommand('https://127.0.0.1:1', flags({ data, skipIfJoined: true }), () => {}, noStdin).then(
      () => assert.fail('a harvester without a credential must join'),
      (err: Error) => assert.match(err.message, /exactly one of --token/),
    );
    await mkdir(data, { recursive: true });
    await writeFile(join(data, 'credential'), 'shc_x\n', { mode: 0o600 });
    const said: string[] = [];
    const result = await runJoinCommand(
      'https://127.0.0.1:1',
      flags({ data, skipIfJoined: true }),
      (t) => said.push(t),
      noStdin,
    );
    assert.equal(result, undefined);
    assert.match(said.join(''), /has joined already; nothing to do/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCaHash } from './ca-hash.js';
import { describeJoin } from './join-command.js';
import { checkJoinToken, checkNodeName, nesterBase, parseJoinLabels, parseNesterUrl } from './join-input.js';

describe('harvester join input', () => {
  it('accepts https URLs only, and keeps them without a trailing slash', () => {
    assert.equal(nesterBase(parseNesterUrl('https://nester.example:5000/')), 'https://nester.example:5000');
    assert.equal(nesterBase(parseNesterUrl('https://[::1]:5000')), 'https://[::1]:5000');
    const bad: Array<[string, RegExp]> = [
      ['nester:5000', /an https:\/\/ URL/],
      ['http://nester:5000', /an https:\/\/ URL/],
      ['https://user:pw@nester:5000', /nothing else/],
      ['https://nester:5000/?x=1', /nothing else/],
      ['not a url', /not a URL/],
    ];
    for (const [text, want] of bad) assert.throws(() => parseNesterUrl(text), want, text);
  });

  it('checks the token and the CA hash shapes, and normalises the hash to lower case', () => {
    assert.equal(checkJoinToken('abcdef.0123456789abcdef'), 'abcdef.0123456789abcdef');
    for (const t of ['ABCDEF.0123456789abcdef', 'abcdef0123456789abcdef', 'abcdef.0123', ''])
      assert.throws(() => checkJoinToken(t), /expected a join token/, t);
    assert.equal(parseCaHash(`sha256:${'AB'.repeat(32)}`), `sha256:${'ab'.repeat(32)}`);
    for (const h of ['ab'.repeat(32), `sha1:${'ab'.repeat(20)}`, `sha256:${'ab'.repeat(31)}`])
      assert.throws(() => parseCaHash(h), /expected sha256: and 64 hex digits/, h);
  });

  it('checks node names as the nester does', () => {
    assert.equal(checkNodeName('pi-4.lab_1'), 'pi-4.lab_1');
    for (const n of ['', '-x', 'a/b', 'a b', 'x'.repeat(254)])
      assert.throws(() => checkNodeName(n), /cannot use node name/);
  });

  it('parses --labels with the nester rules', () => {
    assert.deepEqual(parseJoinLabels(''), {});
    assert.deepEqual(parseJoinLabels('team=a, site=b'), { team: 'a', site: 'b' });
    const bad: Array<[string, RegExp]> = [
      ['team', /is not name=value/],
      ['a-b=c', /is not name=value/],
      ['instance=x', /reserved/],
      ['__x=y', /reserved/],
      ['team=', /needs a value/],
      ['team=a,team=b', /repeats/],
    ];
    for (const [text, want] of bad) assert.throws(() => parseJoinLabels(text), want, text);
    const many = Array.from({ length: 33 }, (_, i) => `l${i}=v`).join(',');
    assert.throws(() => parseJoinLabels(many), /more than 32/);
  });

  it('tells the operator what was written and what to run next', () => {
    const text = describeJoin({
      nester: 'https://nester:5000',
      name: 'pi-4',
      labels: { team: 'ops' },
      dataDir: '/var/lib/h',
      credentialFile: '/var/lib/h/credential',
      caFile: '/var/lib/h/ca.crt',
      configFile: '/var/lib/h/harvester.json',
    });
    assert.match(text, /^This machine joined https:\/\/nester:5000 as "pi-4" with labels team=ops\./);
    assert.match(text, /credential {2}\/var\/lib\/h\/credential \(mode 0600/);
    assert.match(text, /\n {2}seahawks harvester run --config \/var\/lib\/h\/harvester\.json\n/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOsRelease } from './os-release.js';

describe('parseOsRelease', () => {
  it('reads a real file', () => {
    const text = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;
    assert.deepEqual(Object.fromEntries(parseOsRelease(text, '/etc/os-release')), {
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
      NAME: 'Debian GNU/Linux',
      VERSION_ID: '12',
      VERSION: '12 (bookworm)',
      VERSION_CODENAME: 'bookworm',
      ID: 'debian',
      HOME_URL: 'https://www.debian.org/',
    });
  });

  const values: Array<{ title: string; line: string; want: string | undefined }> = [
    { title: 'unquoted', line: 'ID=ubuntu', want: 'ubuntu' },
    { title: 'double quotes', line: 'NAME="Ubuntu"', want: 'Ubuntu' },
    { title: 'single quotes are literal', line: `NAME='a\\nb "c"'`, want: 'a\\nb "c"' },
    {
      title: 'JSON escapes in double quotes',
      line: 'X="a\\"b\\\\c\\/d\\te\\u00e9"',
      want: 'a"b\\c/d\te\u00e9',
    },
    { title: 'a surrogate pair', line: 'X="\\ud83d\\ude00"', want: '\u{1f600}' },
    { title: 'a pair in the wrong order becomes U+FFFD', line: 'X="\\ude00\\ud83d"', want: '\ufffd' },
    { title: 'an unquoted comment, whitespace before it dropped', line: 'ID=arch   # rolling', want: 'arch' },
    { title: 'a # inside quotes is kept', line: 'X="a # b"', want: 'a # b' },
    { title: 'quoted whitespace before a comment is kept', line: 'X="a "  # c', want: 'a ' },
    { title: 'quotes can be joined', line: `X="a"'b'c`, want: 'abc' },
    { title: 'surrounding whitespace and export', line: '  export ID = fedora  ', want: 'fedora' },
    { title: 'multibyte characters pass through', line: 'NAME=Ubuntu · LTS', want: 'Ubuntu · LTS' },
    { title: 'an empty value leaves the key out', line: 'ID=', want: undefined },
    { title: 'an empty quoted value leaves the key out', line: 'ID=""', want: undefined },
  ];
  for (const v of values) {
    it(`value: ${v.title}`, () => {
      const key = /^\s*(?:export\s+)?(\w+)/.exec(v.line)![1]!;
      assert.equal(parseOsRelease(`# comment\n\n${v.line}\n`, '/etc/os-release').get(key), v.want);
    });
  }

  it('keeps the last of a repeated key', () => {
    assert.equal(parseOsRelease('ID=a\nID=b\n', '/etc/os-release').get('ID'), 'b');
  });

  const errors: Array<{ title: string; line: string; error: RegExp }> = [
    { title: 'no =', line: 'JUST TEXT', error: /^cannot parse \/etc\/os-release line 2: missing =$/ },
    { title: 'an empty key', line: '=x', error: /line 2: empty key$/ },
    {
      title: 'a key starting with a digit',
      line: '1ID=x',
      error: /key must start with \[A-Za-z_\] but found "1"/,
    },
    {
      title: 'a space in the key',
      line: 'MY ID=x',
      error: /key characters must be \[A-Za-z0-9\/_.\] but found " "/,
    },
    { title: 'an unmatched double quote', line: 'X="abc', error: /line 2: unmatched "$/ },
    { title: 'an unmatched single quote', line: "X='abc", error: /line 2: unmatched '$/ },
    { title: 'a tab inside a value', line: 'X=a\tb', error: /line 2: 0x09 is an invalid value character$/ },
    { title: 'an unknown escape', line: 'X="\\q"', error: /invalid escape sequence: "q"/ },
    { title: 'a backslash at the end', line: 'X="a\\', error: /incomplete escape sequence/ },
    {
      title: 'a short \\u escape',
      line: 'X="\\u12"',
      error: /incomplete hex sequence|invalid hex character/,
    },
    { title: 'a lone high surrogate', line: 'X="\\ud83d"', error: /incomplete Unicode surrogate pair/ },
  ];
  for (const e of errors) {
    it(`refuses ${e.title}`, () => {
      assert.throws(() => parseOsRelease(`# first\n${e.line}\n`, '/etc/os-release'), { message: e.error });
    });
  }
});

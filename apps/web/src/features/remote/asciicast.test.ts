import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCast } from './asciicast';

describe('parseCast', () => {
  it('reads the header and the output and resize events', () => {
    const cast = parseCast(
      '{"version":2,"width":90,"height":20,"timestamp":1,"title":"a@h"}\n[0.1,"o","$ "]\n[0.5,"i","x"]\n[1.25,"r","100x30"]\n',
    );
    assert.deepEqual([cast.width, cast.height, cast.title, cast.duration], [90, 20, 'a@h', 1.25]);
    assert.deepEqual(
      cast.events.map((e) => e.code),
      ['o', 'r'],
    );
  });
  it('refuses another version and a malformed event', () => {
    assert.throws(() => parseCast('{"version":1}\n'), /not asciicast version 2/);
    assert.throws(() => parseCast('{"version":2}\n{"x":1}\n'), /line 2 is not an event/);
  });
});

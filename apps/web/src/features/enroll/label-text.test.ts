import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLabelText } from './label-text';

describe('parseLabelText', () => {
  const cases: Array<[string, ReturnType<typeof parseLabelText>]> = [
    ['', { ok: true, labels: {} }],
    ['site=lab', { ok: true, labels: { site: 'lab' } }],
    [' site = lab , rack=r4,', { ok: true, labels: { site: 'lab', rack: 'r4' } }],
    ['url=a=b', { ok: true, labels: { url: 'a=b' } }],
    ['site', { ok: false, error: '“site” is not name=value' }],
    ['=x', { ok: false, error: '“=x” is not name=value' }],
    ['1a=x', { ok: false, error: '“1a” is not a label name' }],
    ['a=', { ok: false, error: 'label “a” needs a value' }],
    ['a=1,a=2', { ok: false, error: 'label “a” appears twice' }],
  ];
  for (const [text, want] of cases)
    it(JSON.stringify(text), () => assert.deepEqual(parseLabelText(text), want));
});

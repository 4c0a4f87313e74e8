import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FamilyClashError } from './collector.js';
import { reportCollectorFailure } from './failure-report.js';
import { CollectorNoDataError } from './read.js';

describe('reportCollectorFailure', () => {
  it('keeps "no data" at debug level', () => {
    const r = reportCollectorFailure(
      'conntrack',
      new CollectorNoDataError('conntrack statistics', 'no nf_conntrack_count'),
    );
    assert.equal(r.level, 'debug');
    assert.match(r.message, /^collector conntrack has no data: /);
  });

  it('reports a textfile clash as a warning about the family', () => {
    const r = reportCollectorFailure('textfile', new FamilyClashError('node_load1', 'textfile', 'loadavg'));
    assert.equal(r.level, 'warn');
    assert.match(r.message, /cannot use family node_load1 from textfile: the loadavg collector emits it/);
  });

  it('reports anything else as a failed collector', () => {
    const r = reportCollectorFailure('cpu', new Error('EACCES'));
    assert.deepEqual(r, { level: 'warn', message: 'collector cpu failed: EACCES' });
  });
});

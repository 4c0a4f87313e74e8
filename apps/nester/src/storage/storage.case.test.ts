import { embeddedFactory } from '../tsdb/embedded/conformance-fixture.js';
import { postgresFactory } from '../tsdb/postgres/conformance-fixture.js';
import { runStorageConformance } from './conformance.js';
import type { StorageFactory } from './conformance.js';

/**
 * Every storage engine runs the same contract cases (conformance.ts). An engine joins by adding
 * its factory here. The embedded engine runs twice: with defaults, and with tiny WAL segments
 * and a checkpoint after every reopen, so reads across segments and from checkpoints are covered,
 * and with the head cut into a time block at every reopen, so reads from blocks are too.
 * The PostgreSQL engine runs against a real server this file starts (and stops) itself.
 */
const ENGINES: ReadonlyArray<[string, StorageFactory]> = [
  ['embedded', embeddedFactory()],
  [
    'embedded, tiny segments, checkpoint at reopen',
    embeddedFactory({ walSegmentBytes: 1024 }, { checkpointAfterReopen: true }),
  ],
  ['embedded, everything cut into a time block at reopen', embeddedFactory({}, { compactAfterReopen: true })],
  ['postgres', postgresFactory()],
];

for (const [engine, factory] of ENGINES) runStorageConformance(engine, factory);

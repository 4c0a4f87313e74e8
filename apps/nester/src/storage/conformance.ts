import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLabels, isStaleNaN, labelsFromRecord, STALE_NAN } from '@seahawks/model';
import type { Labels, Matcher, MatchType } from '@seahawks/model';
import { InvalidQueryError, StorageClosedError } from './errors.js';
import type { DeleteResult, SeriesSamples, Storage, TimeRange } from './storage.js';

// The storage contract as one table-driven file of executable cases; it runs past 400 lines
// because splitting the cases would scatter one concept, and only this file may hold them.

/** One engine under test, holding a fresh, empty store. */
export interface StorageFixture {
  /** The store opened last. */
  readonly storage: Storage;
  /** Opens the same data again (the caller closed `storage` first) and makes it `storage`. */
  reopen(): Promise<Storage>;
  /** Closes whatever is open and deletes the data. */
  cleanup(): Promise<void>;
  /** The engine's out-of-order window in ms, when it has one (enables the `too_old` case). */
  readonly outOfOrderWindowMs?: number;
  /** Cuts `bytes` off the end of the newest non-empty WAL file (engines with a WAL). */
  tearWalTail?(bytes: number): Promise<void>;
  /** Torn or corrupt tails repaired by the last open, from the engine's stats. */
  corruptionsRepaired?(storage: Storage): number;
}

/** Makes a fixture with a fresh, empty store. */
export type StorageFactory = () => Promise<StorageFixture>;

const SECOND = 1000;
/** Timestamps near now, so engines applying retention or windows by the real clock keep them. */
export const BASE = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
const ALL: TimeRange = { minT: BASE - 3_600_000, maxT: BASE + 3_600_000 };

/**
 * A series from compact text: `'0:1 10:2.5 20:stale'` is samples at `BASE + 0 s` (value 1), at
 * `+10 s` and `+20 s` (the staleness marker). Samples are built as objects, never via a number
 * array, since V8 quiets a signalling NaN such as the staleness marker stored in one.
 */
export function ser(labels: Record<string, string>, samples: string): SeriesSamples {
  const parsed = samples === '' ? [] : samples.split(' ');
  return {
    labels: labelsFromRecord(labels),
    samples: parsed.map((pair) => {
      const [s, v] = pair.split(':');
      return { t: BASE + Number(s) * SECOND, v: v === 'stale' ? STALE_NAN : Number(v) };
    }),
  };
}

export function m(name: string, type: MatchType, value: string): Matcher {
  return { name, type, value };
}

/** Everything `select` yields, as `text -> 'seconds:value ...'` (the form `ser` reads). */
export async function dump(
  storage: Storage,
  matchers: readonly Matcher[],
  range = ALL,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const s of storage.querier.select(matchers, range)) {
    const key = formatLabels(s.labels);
    assert.equal(out[key], undefined, `series ${key} yielded twice`);
    out[key] = s.samples.map((x) => `${(x.t - BASE) / SECOND}:${isStaleNaN(x.v) ? 'stale' : x.v}`).join(' ');
  }
  return out;
}

function bits(v: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0);
}

function fromBits(b: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, b);
  return view.getFloat64(0);
}

function range(fromS: number, toS: number): TimeRange {
  return { minT: BASE + fromS * SECOND, maxT: BASE + toS * SECOND };
}

/** Runs `body` against a fresh fixture and always cleans it up. */
async function withFixture(
  factory: StorageFactory,
  body: (fx: StorageFixture) => Promise<void>,
): Promise<void> {
  const fx = await factory();
  try {
    await body(fx);
  } finally {
    await fx.cleanup();
  }
}

async function reopen(fx: StorageFixture): Promise<Storage> {
  await fx.storage.close();
  return fx.reopen();
}

const MATCH_DATA = [
  ser({ __name__: 'm', job: 'a', instance: '1' }, '0:1'),
  ser({ __name__: 'm', job: 'a', instance: '2', env: 'prod' }, '0:2'),
  ser({ __name__: 'm', job: 'b', instance: '1' }, '0:3'),
  ser({ __name__: 'm', job: 'ab' }, '0:4'),
  ser({ __name__: 'other', job: 'a' }, '0:5'),
];
const A1 = 'm{instance="1", job="a"}';
const A2 = 'm{env="prod", instance="2", job="a"}';
const B1 = 'm{instance="1", job="b"}';
const AB = 'm{job="ab"}';
const OTHER = 'other{job="a"}';

const MATCHER_CASES: ReadonlyArray<[string, Matcher[], string[]]> = [
  ['equal name', [m('__name__', '=', 'm')], [A1, A2, B1, AB]],
  ['equal two labels', [m('__name__', '=', 'm'), m('job', '=', 'a')], [A1, A2]],
  ['not equal', [m('__name__', '=', 'm'), m('job', '!=', 'a')], [B1, AB]],
  ['regex anchored at both ends', [m('__name__', '=', 'm'), m('job', '=~', 'a')], [A1, A2]],
  ['regex prefix', [m('__name__', '=', 'm'), m('job', '=~', 'a.*')], [A1, A2, AB]],
  ['regex alternation anchored as a whole', [m('__name__', '=', 'm'), m('job', '=~', 'b|ab')], [B1, AB]],
  ['regex is case-sensitive', [m('__name__', '=', 'm'), m('job', '=~', 'A')], []],
  ['negative regex', [m('__name__', '=', 'm'), m('job', '!~', 'a.*')], [B1]],
  ['absent label equals empty', [m('__name__', '=', 'm'), m('instance', '=', '')], [AB]],
  ['present label is not empty', [m('__name__', '=', 'm'), m('instance', '!=', '')], [A1, A2, B1]],
  ['regex matching empty takes absent', [m('__name__', '=', 'm'), m('env', '=~', 'prod|')], [A1, A2, B1, AB]],
  ['negative regex takes absent', [m('__name__', '=', 'm'), m('env', '!~', 'prod')], [A1, B1, AB]],
  ['no metric name', [m('job', '=', 'a')], [A1, A2, OTHER]],
  ['regex on the name', [m('__name__', '=~', 'm|other'), m('job', '=', 'a')], [A1, A2, OTHER]],
  ['non-empty regex alone', [m('job', '=~', '.+')], [A1, A2, B1, AB, OTHER]],
  ['match-all regex as filter', [m('__name__', '=', 'm'), m('instance', '=~', '.*')], [A1, A2, B1, AB]],
  [
    'three kinds at once',
    [m('__name__', '=~', 'm'), m('instance', '=~', '1|2'), m('job', '!~', 'b')],
    [A1, A2],
  ],
  ['unknown name', [m('__name__', '=', 'nope')], []],
  ['unknown label value', [m('job', '=', 'zzz')], []],
];

const EMPTY_MATCHING: ReadonlyArray<[string, Matcher[]]> = [
  ['no matchers', []],
  ['equal empty', [m('job', '=', '')]],
  ['match-all regex', [m('job', '=~', '.*')]],
  ['not equal', [m('job', '!=', 'a')]],
  ['negative regex', [m('job', '!~', 'a')]],
  ['regex with an empty branch', [m('job', '=~', 'a|')]],
  ['all of several', [m('job', '=', ''), m('env', '!=', 'x')]],
];

const RANGE_CASES: ReadonlyArray<[string, TimeRange, string]> = [
  ['inclusive on both ends', range(10, 20), '10:1 20:2'],
  ['between samples', range(11, 19), ''],
  ['one instant, first sample', range(0, 0), '0:0'],
  ['one instant, last sample', range(30, 30), '30:3'],
  ['after the last', range(31, 100), ''],
  ['before the first', range(-100, -1), ''],
  ['reversed', range(20, 10), ''],
  ['everything', { minT: -Infinity, maxT: Infinity }, '0:0 10:1 20:2 30:3'],
];

/** Bit patterns that must survive storage unchanged: the staleness marker first. */
const SPECIAL_BITS: readonly bigint[] = [
  0x7ff0000000000002n, // staleness marker (a signalling NaN)
  0x7ff8000000000000n, // NaN
  0x7ff8000000000001n, // NaN with a payload
  0x7ff0000000000000n, // +Inf
  0xfff0000000000000n, // -Inf
  0x8000000000000000n, // -0
  0x0000000000000001n, // smallest subnormal
  0x7fefffffffffffffn, // largest finite
];

/**
 * The storage contract as executable cases (storage.ts). Every engine runs it through its own
 * `StorageFactory`; cases an engine cannot support (no WAL, no window) are skipped, not faked.
 */
export function runStorageConformance(engine: string, factory: StorageFactory): void {
  const test = (title: string, body: (fx: StorageFixture) => Promise<void>): void => {
    it(title, () => withFixture(factory, body));
  };

  describe(`storage conformance: ${engine}`, () => {
    test('appends and selects back, samples sorted', async ({ storage }) => {
      const result = await storage.appender.append([
        ser({ __name__: 'up', job: 'a' }, '20:1 0:1 10:0'),
        ser({ __name__: 'up', job: 'b' }, '0:1'),
      ]);
      assert.deepEqual(result, { accepted: 4, rejected: {}, firstError: undefined });
      assert.deepEqual(await dump(storage, [m('__name__', '=', 'up')]), {
        'up{job="a"}': '0:1 10:0 20:1',
        'up{job="b"}': '0:1',
      });
      assert.deepEqual(storage.stats(), {
        ...storage.stats(),
        series: 2,
        samplesAppended: 4,
        samplesRejected: 0,
      });
    });

    for (const [title, matchers, want] of MATCHER_CASES) {
      test(`matchers: ${title}`, async ({ storage }) => {
        await storage.appender.append(MATCH_DATA);
        assert.deepEqual(Object.keys(await dump(storage, matchers)).sort(), [...want].sort());
        const labels = await storage.querier.series(matchers, ALL);
        assert.deepEqual(labels.map(formatLabels).sort(), [...want].sort());
      });
    }

    for (const [title, matchers] of EMPTY_MATCHING) {
      test(`refuses matchers that all match the empty string: ${title}`, async ({ storage }) => {
        await storage.appender.append(MATCH_DATA);
        await assert.rejects(async () => dump(storage, matchers), InvalidQueryError);
        await assert.rejects(async () => storage.querier.series(matchers, ALL), InvalidQueryError);
        if (matchers.length > 0) {
          await assert.rejects(async () => storage.querier.labelNames(matchers, ALL), InvalidQueryError);
          await assert.rejects(
            async () => storage.querier.labelValues('job', matchers, ALL),
            InvalidQueryError,
          );
        }
      });
    }

    test('refuses an invalid regular expression', async ({ storage }) => {
      await assert.rejects(async () => dump(storage, [m('job', '=~', '(')]), { code: 'invalid_input' });
    });

    for (const [title, r, want] of RANGE_CASES) {
      test(`time range: ${title}`, async ({ storage }) => {
        await storage.appender.append([ser({ __name__: 'r' }, '0:0 10:1 20:2 30:3')]);
        assert.deepEqual(await dump(storage, [m('__name__', '=', 'r')], r), want === '' ? {} : { r: want });
        const found = await storage.querier.series([m('__name__', '=', 'r')], r);
        assert.equal(found.length, want === '' ? 0 : 1);
      });
    }

    registerSampleCases(test);
    registerIndexCases(test);
    registerDurabilityCases(test);
    registerDeletionCases(test);
  });
}

type Register = (title: string, body: (fx: StorageFixture) => Promise<void>) => void;

function registerSampleCases(test: Register): void {
  test('accepts out-of-order samples in place', async (fx) => {
    await fx.storage.appender.append([ser({ __name__: 'o' }, '0:0 20:2 40:4')]);
    const late = await fx.storage.appender.append([ser({ __name__: 'o' }, '30:3 10:1')]);
    assert.equal(late.accepted, 2);
    const want = { o: '0:0 10:1 20:2 30:3 40:4' };
    assert.deepEqual(await dump(fx.storage, [m('__name__', '=', 'o')]), want);
    assert.deepEqual(await dump(await reopen(fx), [m('__name__', '=', 'o')]), want);
  });

  test('rejects samples older than the out-of-order window as too_old', async (fx) => {
    if (fx.outOfOrderWindowMs === undefined) return;
    const tooOld = -(fx.outOfOrderWindowMs / SECOND) - 60;
    await fx.storage.appender.append([ser({ __name__: 'w' }, '0:0')]);
    const r = await fx.storage.appender.append([ser({ __name__: 'w' }, `${tooOld}:1 -60:2`)]);
    assert.equal(r.accepted, 1);
    assert.deepEqual(r.rejected, { too_old: 1 });
    assert.match(r.firstError ?? '', /^cannot append sample /);
    assert.deepEqual(await dump(fx.storage, [m('__name__', '=', 'w')]), { w: '-60:2 0:0' });
  });

  test('takes an identical sample again, refuses a different value at a taken time', async ({ storage }) => {
    await storage.appender.append([ser({ __name__: 'd' }, '0:1 10:stale')]);
    const again = await storage.appender.append([ser({ __name__: 'd' }, '0:1 10:stale')]);
    assert.deepEqual(again, { accepted: 2, rejected: {}, firstError: undefined });
    const mixed = await storage.appender.append([
      ser({ __name__: 'd' }, '0:2 10:NaN 20:3'),
      ser({ __name__: 'd2' }, '5:5 5:5 6:6 6:7'),
    ]);
    assert.equal(mixed.accepted, 4);
    assert.deepEqual(mixed.rejected, { duplicate_timestamp: 3 });
    assert.match(mixed.firstError ?? '', /^cannot append sample /);
    const got = await dump(storage, [m('__name__', '=~', 'd2?')]);
    assert.deepEqual(got, { d: '0:1 10:stale 20:3', d2: '5:5 6:6' });
    assert.deepEqual(storage.stats(), { ...storage.stats(), samplesRejected: 3 });
  });

  test('keeps the staleness NaN, NaN payloads, ±Inf, -0 and extremes bit-exact, also after reopen', async (fx) => {
    const samples = SPECIAL_BITS.map((b, i) => ({ t: BASE + i * SECOND, v: fromBits(b) }));
    await fx.storage.appender.append([{ labels: labelsFromRecord({ __name__: 'v' }), samples }]);
    for (const next of [() => fx.storage, () => reopen(fx)]) {
      const storage = await next();
      const got: bigint[] = [];
      for await (const s of storage.querier.select([m('__name__', '=', 'v')], ALL)) {
        // Read from the Sample objects directly: a number[] would quiet the signalling NaN.
        for (const x of s.samples) got.push(bits(x.v));
      }
      assert.deepEqual(got, SPECIAL_BITS);
    }
  });

  test('refuses label sets that are not canonical, stores the rest of the batch', async ({ storage }) => {
    const unsorted: Labels = [
      { name: 'z', value: '1' },
      { name: '__name__', value: 'x' },
    ];
    const emptyValue: Labels = [
      { name: '__name__', value: 'x' },
      { name: 'a', value: '' },
    ];
    const r = await storage.appender.append([
      { labels: unsorted, samples: [{ t: BASE, v: 1 }] },
      {
        labels: emptyValue,
        samples: [
          { t: BASE, v: 1 },
          { t: BASE + 1, v: 1 },
        ],
      },
      ser({ __name__: 'x', ok: '1' }, '0:1'),
    ]);
    assert.equal(r.accepted, 1);
    assert.deepEqual(r.rejected, { invalid_labels: 3 });
    assert.deepEqual(Object.keys(await dump(storage, [m('__name__', '=', 'x')])), ['x{ok="1"}']);
  });
}

function registerIndexCases(test: Register): void {
  test('holds 64 KiB label values', async (fx) => {
    const big = 'x'.repeat(65_536 - 2) + 'é';
    await fx.storage.appender.append([ser({ __name__: 'big', v: big }, '0:1')]);
    for (const next of [() => fx.storage, () => reopen(fx)]) {
      const storage = await next();
      assert.deepEqual(await storage.querier.labelValues('v', [], ALL), [big]);
      const [labels] = await storage.querier.series([m('v', '=', big)], ALL);
      assert.equal(labels?.find((l) => l.name === 'v')?.value, big);
    }
  });

  test('holds many series (churn) and finds them by index', async (fx) => {
    const batches = Array.from({ length: 10 }, (_, b) =>
      Array.from({ length: 500 }, (_, i) => {
        const n = b * 500 + i;
        return ser({ __name__: 'churn', pod: `p${n}`, gen: String(n % 7) }, `${b}:${i}`);
      }),
    );
    const results = await Promise.all(batches.map((batch) => fx.storage.appender.append(batch)));
    assert.equal(
      results.reduce((n, r) => n + r.accepted, 0),
      5000,
    );
    for (const next of [() => fx.storage, () => reopen(fx)]) {
      const storage = await next();
      assert.equal(storage.stats().series, 5000);
      assert.equal((await storage.querier.series([m('gen', '=', '3')], ALL)).length, 714);
      assert.equal((await storage.querier.series([m('pod', '=~', 'p1.*')], ALL)).length, 1111);
      const window = await dump(storage, [m('__name__', '=', 'churn')], range(4, 5));
      assert.equal(Object.keys(window).length, 1000);
    }
  });

  test('answers empty on an empty store', async ({ storage }) => {
    assert.deepEqual(await dump(storage, [m('__name__', '=', 'up')]), {});
    assert.deepEqual(await storage.querier.series([m('__name__', '=', 'up')], ALL), []);
    assert.deepEqual(await storage.querier.labelNames([], ALL), []);
    assert.deepEqual(await storage.querier.labelValues('job', [], ALL), []);
  });

  test('lists label names and values, with and without matchers, restricted by time', async ({ storage }) => {
    await storage.appender.append([...MATCH_DATA, ser({ __name__: 'late', zone: 'z1', job: 'c' }, '100:1')]);
    const q = storage.querier;
    const early = range(-10, 10);
    const late = range(50, 150);
    assert.deepEqual(await q.labelNames([], ALL), ['__name__', 'env', 'instance', 'job', 'zone']);
    assert.deepEqual(await q.labelNames([], early), ['__name__', 'env', 'instance', 'job']);
    assert.deepEqual(await q.labelNames([m('job', '=', 'b')], ALL), ['__name__', 'instance', 'job']);
    assert.deepEqual(await q.labelNames([m('job', '=', 'c')], early), []);
    assert.deepEqual(await q.labelValues('job', [], ALL), ['a', 'ab', 'b', 'c']);
    assert.deepEqual(await q.labelValues('job', [], early), ['a', 'ab', 'b']);
    const mInstance1 = [m('__name__', '=', 'm'), m('instance', '=', '1')];
    assert.deepEqual(await q.labelValues('job', mInstance1, ALL), ['a', 'b']);
    assert.deepEqual(await q.labelValues('__name__', [m('job', '=~', 'a|c')], late), ['late']);
    assert.deepEqual(await q.labelValues('nope', [], ALL), []);
    const lateSeries = await q.series([m('job', '=~', '.+')], late);
    assert.deepEqual(lateSeries.map(formatLabels), ['late{job="c", zone="z1"}']);
  });
}

function registerDurabilityCases(test: Register): void {
  test('keeps everything across close and reopen, and appends after', async (fx) => {
    await fx.storage.appender.append([ser({ __name__: 'p', k: '1' }, '0:1')]);
    const concurrent = Array.from({ length: 50 }, (_, i) => [
      ser({ __name__: 'p', k: `c${i}` }, `${i}:${i}`),
    ]);
    await Promise.all(concurrent.map((batch) => fx.storage.appender.append(batch)));
    let storage = await reopen(fx);
    assert.equal(storage.stats().series, 51);
    await storage.appender.append([
      ser({ __name__: 'p', k: '1' }, '1:2'),
      ser({ __name__: 'p', k: '2' }, '0:3'),
    ]);
    storage = await reopen(fx);
    const got = await dump(storage, [m('__name__', '=', 'p')]);
    assert.equal(Object.keys(got).length, 52);
    assert.equal(got['p{k="1"}'], '0:1 1:2');
    assert.equal(got['p{k="c7"}'], '7:7');
  });

  test('recovers from a torn WAL tail: keeps what came before, counts it', async (fx) => {
    if (fx.tearWalTail === undefined) return;
    await fx.storage.appender.append([ser({ __name__: 't', k: 'a' }, '0:1 1:2')]);
    await fx.storage.appender.append([ser({ __name__: 't', k: 'b' }, '0:3')]);
    await fx.storage.close();
    await fx.tearWalTail(3);
    let storage = await fx.reopen();
    assert.deepEqual(await dump(storage, [m('__name__', '=', 't')]), { 't{k="a"}': '0:1 1:2' });
    assert.equal(fx.corruptionsRepaired?.(storage) ?? 1, 1);
    await storage.appender.append([ser({ __name__: 't', k: 'b' }, '0:4')]);
    storage = await reopen(fx);
    assert.deepEqual(await dump(storage, [m('__name__', '=', 't')]), {
      't{k="a"}': '0:1 1:2',
      't{k="b"}': '0:4',
    });
    assert.equal(fx.corruptionsRepaired?.(storage) ?? 0, 0);
  });

  test('refuses appends after close with StorageClosedError', async ({ storage }) => {
    await storage.close();
    await storage.close();
    await assert.rejects(storage.appender.append([ser({ __name__: 'c' }, '0:1')]), StorageClosedError);
  });
}

/**
 * A deletion's result: `series` exactly; `samples` at most what was removed (the contract lets an
 * engine that cannot count cheaply report less, or 0).
 */
function assertDeleted(got: DeleteResult, samples: number, series: number): void {
  assert.equal(got.series, series, `series left without samples`);
  assert.ok(got.samples >= 0 && got.samples <= samples, `samples deleted: ${got.samples}, want ≤ ${samples}`);
}

const EVERYTHING = [m('__name__', '=~', '.+')];

function registerDeletionCases(test: Register): void {
  const BY_MATCHER: ReadonlyArray<[string, Matcher[], string[]]> = [
    ['equality', [m('__name__', '=', 'm'), m('job', '=', 'a')], [A1, A2]],
    ['positive regex alone', [m('job', '=~', 'a|b')], [A1, A2, B1, OTHER]],
    ['not-equal beside a positive matcher', [m('__name__', '=', 'm'), m('job', '!=', 'a')], [B1, AB]],
  ];
  for (const [title, matchers, gone] of BY_MATCHER) {
    test(`deletes series by matcher: ${title}; other series untouched`, async ({ storage }) => {
      await storage.appender.append(MATCH_DATA);
      const before = await dump(storage, EVERYTHING);
      assertDeleted(await storage.deleteSeries(matchers, ALL), gone.length, gone.length);
      const want = Object.fromEntries(Object.entries(before).filter(([k]) => !gone.includes(k)));
      assert.deepEqual(await dump(storage, EVERYTHING), want);
      assert.deepEqual(await storage.querier.series(matchers, ALL), []);
    });
  }

  test('deletes only inside the inclusive range: samples outside stay', async ({ storage }) => {
    await storage.appender.append([
      ser({ __name__: 'r' }, '0:0 10:1 20:2 30:3'),
      ser({ __name__: 'q' }, '10:9'),
    ]);
    assertDeleted(await storage.deleteSeries([m('__name__', '=', 'r')], range(10, 20)), 2, 0);
    assert.deepEqual(await dump(storage, EVERYTHING), { q: '10:9', r: '0:0 30:3' });
    assert.deepEqual(await storage.querier.series([m('__name__', '=', 'r')], range(10, 20)), []);
    assert.equal((await storage.querier.series([m('__name__', '=', 'r')], ALL)).length, 1);
  });

  test('a series deleted whole is gone from series, label names and label values', async ({ storage }) => {
    await storage.appender.append([
      ser({ __name__: 'g', zone: 'z1', job: 'x' }, '0:1 10:2'),
      ser({ __name__: 'k', job: 'x' }, '0:3'),
    ]);
    assertDeleted(await storage.deleteSeries([m('zone', '=', 'z1')], ALL), 2, 1);
    const q = storage.querier;
    assert.deepEqual(await q.series([m('__name__', '=', 'g')], ALL), []);
    assert.deepEqual(await q.labelNames([], ALL), ['__name__', 'job']);
    assert.deepEqual(await q.labelNames([m('job', '=', 'x')], ALL), ['__name__', 'job']);
    assert.deepEqual(await q.labelValues('__name__', [], ALL), ['k']);
    assert.deepEqual(await q.labelValues('zone', [], ALL), []);
    assert.deepEqual(await q.labelValues('__name__', [m('job', '=', 'x')], ALL), ['k']);
    assert.deepEqual(await dump(storage, EVERYTHING), { 'k{job="x"}': '0:3' });
  });

  test('deletes staleness markers like any sample', async ({ storage }) => {
    await storage.appender.append([ser({ __name__: 's' }, '0:1 10:stale 20:2 30:stale')]);
    assertDeleted(await storage.deleteSeries([m('__name__', '=', 's')], range(5, 15)), 1, 0);
    assert.deepEqual(await dump(storage, EVERYTHING), { s: '0:1 20:2 30:stale' });
    assertDeleted(await storage.deleteSeries([m('__name__', '=', 's')], range(0, 30)), 3, 1);
    assert.deepEqual(await dump(storage, EVERYTHING), {});
  });

  test('a deletion survives close and reopen', async (fx) => {
    await fx.storage.appender.append([...MATCH_DATA, ser({ __name__: 'r' }, '0:0 10:1 20:2')]);
    await fx.storage.deleteSeries([m('job', '=', 'a')], ALL);
    await fx.storage.deleteSeries([m('__name__', '=', 'r')], range(0, 10));
    const want = await dump(fx.storage, EVERYTHING);
    assert.deepEqual(Object.keys(want).sort(), [AB, B1, 'r'].sort());
    let storage = await reopen(fx);
    assert.deepEqual(await dump(storage, EVERYTHING), want);
    assert.deepEqual(await storage.querier.labelValues('job', [], ALL), ['ab', 'b']);
    storage = await reopen(fx);
    assert.deepEqual(await dump(storage, EVERYTHING), want);
  });

  test('cleaning tombstones changes no answer, staleness markers included, also after reopen', async (fx) => {
    await fx.storage.appender.append([
      ...MATCH_DATA,
      ser({ __name__: 'r' }, '0:0 10:1 20:2'),
      ser({ __name__: 's' }, '0:1 10:stale 20:2 30:stale'),
    ]);
    // Reopened first, so an engine that cuts stored data into files at open deletes from them.
    let storage = await reopen(fx);
    await storage.deleteSeries([m('job', '=', 'a')], ALL);
    await storage.deleteSeries([m('__name__', '=', 'r')], range(0, 10));
    await storage.deleteSeries([m('__name__', '=', 's')], range(15, 25));
    const want = await dump(storage, EVERYTHING);
    assert.deepEqual(want.s, '0:1 10:stale 30:stale');
    await storage.cleanTombstones();
    assert.deepEqual(await dump(storage, EVERYTHING), want);
    assert.deepEqual(await storage.querier.labelValues('job', [], ALL), ['ab', 'b']);
    storage = await reopen(fx);
    assert.deepEqual(await dump(storage, EVERYTHING), want);
    await storage.cleanTombstones();
    assert.deepEqual(await dump(storage, EVERYTHING), want);
  });

  test('stores samples appended after a deletion at the deleted timestamps as new', async (fx) => {
    await fx.storage.appender.append([
      ser({ __name__: 'w' }, '0:1 10:2'),
      ser({ __name__: 'p' }, '0:1 10:2'),
    ]);
    await fx.storage.deleteSeries([m('__name__', '=', 'w')], ALL);
    await fx.storage.deleteSeries([m('__name__', '=', 'p')], range(0, 0));
    const again = await fx.storage.appender.append([
      ser({ __name__: 'w' }, '0:5 10:stale'),
      ser({ __name__: 'p' }, '0:7'),
    ]);
    assert.deepEqual(again, { accepted: 3, rejected: {}, firstError: undefined });
    const want = { w: '0:5 10:stale', p: '0:7 10:2' };
    assert.deepEqual(await dump(fx.storage, EVERYTHING), want);
    assert.deepEqual(await dump(await reopen(fx), EVERYTHING), want);
    const repeat = await fx.storage.appender.append([ser({ __name__: 'w' }, '0:6')]);
    assert.deepEqual(repeat.rejected, { duplicate_timestamp: 1 });
  });

  for (const [title, matchers] of EMPTY_MATCHING) {
    test(`refuses to delete with matchers that all match the empty string: ${title}`, async ({ storage }) => {
      await storage.appender.append(MATCH_DATA);
      const before = await dump(storage, EVERYTHING);
      await assert.rejects(async () => storage.deleteSeries(matchers, ALL), InvalidQueryError);
      assert.deepEqual(await dump(storage, EVERYTHING), before);
    });
  }

  test('deletes nothing, and says so, when nothing matches', async ({ storage }) => {
    await storage.appender.append(MATCH_DATA);
    const before = await dump(storage, EVERYTHING);
    assert.deepEqual(await storage.deleteSeries([m('__name__', '=', 'nope')], ALL), {
      samples: 0,
      series: 0,
    });
    assert.deepEqual(await storage.deleteSeries([m('job', '=', 'a')], range(1, 100)), {
      samples: 0,
      series: 0,
    });
    assert.deepEqual(await storage.deleteSeries([m('job', '=', 'a')], range(20, -20)), {
      samples: 0,
      series: 0,
    });
    assert.deepEqual(await dump(storage, EVERYTHING), before);
  });

  test('deletes on an empty store', async ({ storage }) => {
    assert.deepEqual(await storage.deleteSeries([m('__name__', '=', 'up')], ALL), { samples: 0, series: 0 });
  });
}

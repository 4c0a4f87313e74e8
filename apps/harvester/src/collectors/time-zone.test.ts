import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { localZoneAt, parsePosixTzNames, parseTzif, zoneAt, type Tzif } from './time-zone.js';

interface TzifSpec {
  version: 1 | 2;
  transitions: number[];
  transitionTypes: number[];
  types: Array<[offset: number, isDst: boolean, name: string]>;
  footer?: string;
}

/** Writes a TZif file: version 1 with 32-bit times, or version 2 with an empty v1 block and 64-bit times. */
function makeTzif(spec: TzifSpec): Uint8Array {
  const chars = spec.types.map(([, , name]) => `${name}\0`).join('');
  const block = (wide: boolean): number[] => {
    const out: number[] = [];
    const u32 = (n: number): void =>
      void out.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
    out.push(
      ...'TZif'.split('').map((c) => c.charCodeAt(0)),
      spec.version === 1 ? 0 : 0x32,
      ...new Array<number>(15).fill(0),
    );
    [0, 0, 0, spec.transitions.length, spec.types.length, chars.length].forEach(u32);
    for (const t of spec.transitions) {
      if (wide) u32(Math.floor(t / 2 ** 32));
      u32(t >>> 0);
    }
    out.push(...spec.transitionTypes);
    let index = 0;
    for (const [offset, isDst, name] of spec.types) {
      u32(offset >>> 0);
      out.push(isDst ? 1 : 0, index);
      index += name.length + 1;
    }
    out.push(...chars.split('').map((c) => c.charCodeAt(0)));
    return out;
  };
  const bytes = spec.version === 1 ? block(false) : [...block(false), ...block(true)];
  const footer = spec.version === 1 ? [] : `\n${spec.footer ?? ''}\n`.split('').map((c) => c.charCodeAt(0));
  return new Uint8Array([...bytes, ...footer]);
}

// Central European Time with one transition pair in 2024 and the EU rule after it.
const BERLIN: TzifSpec = {
  version: 2,
  transitions: [1711846800, 1729990800],
  transitionTypes: [1, 0],
  types: [
    [3600, false, 'CET'],
    [7200, true, 'CEST'],
  ],
  footer: 'CET-1CEST,M3.5.0,M10.5.0/3',
};

describe('parseTzif and zoneAt', () => {
  it('reads a version 2 file', () => {
    const tzif = parseTzif(makeTzif(BERLIN));
    assert.deepEqual(tzif, {
      transitions: [1711846800, 1729990800],
      transitionTypes: [1, 0],
      types: [
        { offsetSeconds: 3600, isDst: false, name: 'CET' },
        { offsetSeconds: 7200, isDst: true, name: 'CEST' },
      ],
      footer: 'CET-1CEST,M3.5.0,M10.5.0/3',
    } satisfies Tzif);
  });

  const instants: Array<{ title: string; at: number; offset: number; want: [string, number] }> = [
    { title: 'before the first transition: type 0', at: 1700000000, offset: 3600, want: ['CET', 3600] },
    { title: 'summer 2024, from the transitions', at: 1720000000, offset: 7200, want: ['CEST', 7200] },
    { title: 'after the last transition, winter', at: 1735000000, offset: 3600, want: ['CET', 3600] },
    {
      title: 'after the last transition, summer, from the footer',
      at: 1751000000,
      offset: 7200,
      want: ['CEST', 7200],
    },
  ];
  for (const i of instants) {
    it(i.title, () => {
      const zone = zoneAt(parseTzif(makeTzif(BERLIN)), i.at, i.offset);
      assert.deepEqual([zone.name, zone.offsetSeconds], i.want);
    });
  }

  it('reads a version 1 file', () => {
    const tzif = parseTzif(
      makeTzif({
        version: 1,
        transitions: [-1017820800],
        transitionTypes: [1],
        types: [
          [33539, false, 'LMT'],
          [32400, false, 'JST'],
        ],
      }),
    );
    assert.deepEqual(zoneAt(tzif, 1700000000, 32400), { name: 'JST', offsetSeconds: 32400 });
  });

  it('refuses what is not TZif', () => {
    assert.throws(() => parseTzif(new TextEncoder().encode('#!/bin/sh\n'.repeat(10))), {
      message: 'cannot parse TZif data: no TZif header at byte 0',
    });
    assert.throws(() => parseTzif(makeTzif(BERLIN).subarray(0, 60)), {
      message: /^cannot parse TZif data: no TZif header at byte 75$/,
    });
  });

  for (const zone of ['Europe/Berlin', 'Asia/Tokyo', 'America/Sao_Paulo', 'Europe/Dublin', 'UTC']) {
    it(`reads this machine's zoneinfo/${zone}`, async (t) => {
      const path = `/usr/share/zoneinfo/${zone}`;
      if (
        !(await access(path).then(
          () => true,
          () => false,
        ))
      )
        return t.skip('no tzdata');
      const tzif = parseTzif(await readFile(path));
      const names = new Set(tzif.types.map((ty) => ty.name));
      const expected = {
        'Europe/Berlin': 'CEST',
        'Asia/Tokyo': 'JST',
        'America/Sao_Paulo': '-03',
        'Europe/Dublin': 'IST',
        UTC: 'UTC',
      }[zone]!;
      assert.ok(names.has(expected), `${zone} has ${expected}: ${[...names].join(' ')}`);
    });
  }
});

describe('parsePosixTzNames', () => {
  const cases: Array<{ tz: string; want: ReturnType<typeof parsePosixTzNames> }> = [
    { tz: 'UTC0', want: { std: { name: 'UTC', offsetSeconds: 0 } } },
    { tz: '<+09>-9', want: { std: { name: '+09', offsetSeconds: 32400 } } },
    { tz: 'IST-5:30', want: { std: { name: 'IST', offsetSeconds: 19800 } } },
    {
      tz: 'EST5EDT,M3.2.0,M11.1.0',
      want: { std: { name: 'EST', offsetSeconds: -18000 }, dst: { name: 'EDT', offsetSeconds: -14400 } },
    },
    {
      tz: 'IST-1GMT0,M10.5.0,M3.5.0/1',
      want: { std: { name: 'IST', offsetSeconds: 3600 }, dst: { name: 'GMT', offsetSeconds: 0 } },
    },
    {
      tz: '<-03>3<-02>,M3.5.0/-2,M10.5.0/-1',
      want: { std: { name: '-03', offsetSeconds: -10800 }, dst: { name: '-02', offsetSeconds: -7200 } },
    },
    { tz: 'garbage', want: undefined },
  ];
  for (const c of cases) it(c.tz, () => assert.deepEqual(parsePosixTzNames(c.tz), c.want));
});

describe('localZoneAt', () => {
  it("agrees with this process' clock", async () => {
    const now = new Date();
    const zone = await localZoneAt(now);
    assert.equal(zone.offsetSeconds, -now.getTimezoneOffset() * 60 || 0);
    assert.match(zone.name, /^[A-Za-z0-9+-]+$/);
    if (zone.offsetSeconds === 0 && Intl.DateTimeFormat().resolvedOptions().timeZone === 'UTC')
      assert.equal(zone.name, 'UTC');
  });
});

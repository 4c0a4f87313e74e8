import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '@seahawks/model';
import { CollectorReadError, errorCode, isNotFound } from './read.js';

/** A time zone at one instant, as Go's `time.Now().Zone()` gives it. */
export interface ZoneAt {
  /** The abbreviation from tzdata (`UTC`, `CET`, `CEST`, `JST`, `+09`). */
  name: string;
  /** Seconds east of UTC. */
  offsetSeconds: number;
}

/** The parts of a TZif file (RFC 8536) needed to name the zone at an instant. */
export interface Tzif {
  /** Transition times, seconds since the epoch, ascending. */
  transitions: number[];
  /** For each transition, the index into `types` in force from it on. */
  transitionTypes: number[];
  types: Array<{ offsetSeconds: number; isDst: boolean; name: string }>;
  /** The POSIX TZ string for instants after the last transition (`CET-1CEST,M3.5.0,M10.5.0/3`), or ''. */
  footer: string;
}

/**
 * Parses a TZif file, version 1 or later (the 64-bit block of version 2+ when present).
 * @throws InvalidInputError when it is not TZif or is cut short.
 */
export function parseTzif(bytes: Uint8Array): Tzif {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string): never => {
    throw new InvalidInputError(`cannot parse TZif data: ${why}`);
  };
  const header = (at: number): number[] => {
    if (at + 44 > bytes.length || String.fromCharCode(...bytes.subarray(at, at + 4)) !== 'TZif')
      fail(`no TZif header at byte ${at}`);
    return [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(at + 20 + 4 * i));
  };
  const [isut1, isstd1, leap1, time1, type1, char1] = header(0) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const v1Size = time1 * 5 + type1 * 6 + char1 + leap1 * 8 + isstd1 + isut1;
  const version = bytes[4] ?? 0;
  // Version 2+ repeats everything with 64-bit times after the version 1 block; prefer it.
  const wide = version >= 0x32;
  const start = wide ? 44 + v1Size : 0;
  const [isut, isstd, leap, timecnt, typecnt, charcnt] = header(start) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const timeBytes = wide ? 8 : 4;
  let at = start + 44;
  const end = at + timecnt * (timeBytes + 1) + typecnt * 6 + charcnt + leap * (timeBytes + 4) + isstd + isut;
  if (end > bytes.length) fail(`${bytes.length} bytes, ${end} needed`);
  const transitions: number[] = [];
  for (let i = 0; i < timecnt; i++, at += timeBytes)
    transitions.push(wide ? Number(view.getBigInt64(at)) : view.getInt32(at));
  const transitionTypes = [...bytes.subarray(at, at + timecnt)];
  at += timecnt;
  const charsAt = at + typecnt * 6;
  const chars = bytes.subarray(charsAt, charsAt + charcnt);
  const types = [];
  for (let i = 0; i < typecnt; i++, at += 6) {
    const index = bytes[at + 5]!;
    const stop = chars.indexOf(0, index);
    types.push({
      offsetSeconds: view.getInt32(at),
      isDst: bytes[at + 4] === 1,
      name: String.fromCharCode(...chars.subarray(index, stop < 0 ? chars.length : stop)),
    });
  }
  if (types.length === 0) fail('no local time types');
  const tail = wide ? new TextDecoder().decode(bytes.subarray(end)) : '';
  return { transitions, transitionTypes, types, footer: /^\n([^\n]*)\n/.exec(tail)?.[1] ?? '' };
}

/**
 * The zone in force at `epochSeconds` as Go computes it from the same file: before the last
 * transition, that transition's type (type 0 before the first, per RFC 8536); after it, the
 * footer's rule, where Go evaluates the DST dates and this picks the footer's daylight zone
 * when its offset is `offsetSeconds` (what the caller's own clock says) and the standard
 * zone otherwise.
 */
export function zoneAt(tzif: Tzif, epochSeconds: number, offsetSeconds: number): ZoneAt {
  const { transitions, transitionTypes, types, footer } = tzif;
  const last = transitions.length - 1;
  if (footer !== '' && (last < 0 || epochSeconds >= transitions[last]!)) {
    const rule = parsePosixTzNames(footer);
    if (rule !== undefined) return rule.dst?.offsetSeconds === offsetSeconds ? rule.dst : rule.std;
  }
  let index = -1;
  while (index < last && transitions[index + 1]! <= epochSeconds) index++;
  const type = (index < 0 ? undefined : types[transitionTypes[index]!]) ?? types[0]!;
  return { name: type.name, offsetSeconds: type.offsetSeconds };
}

/**
 * The names and offsets of a POSIX TZ string (`EST5EDT,M3.2.0,M11.1.0`, `<+09>-9`,
 * `IST-1GMT0,M10.5.0,M3.5.0/1`). POSIX offsets count west of UTC; these are east.
 * A daylight zone without an offset is one hour ahead of standard time.
 */
export function parsePosixTzNames(
  tz: string,
):
  | { std: { name: string; offsetSeconds: number }; dst?: { name: string; offsetSeconds: number } }
  | undefined {
  const m =
    /^(<[^>]+>|[A-Za-z]{3,})([+-]?\d{1,3}(?::\d{1,2}){0,2})(?:(<[^>]+>|[A-Za-z]{3,})([+-]?\d{1,3}(?::\d{1,2}){0,2})?)?(?:,|$)/.exec(
      tz,
    );
  if (m === null) return undefined;
  const name = (s: string): string => s.replace(/^<(.*)>$/, '$1');
  // `0 -` rather than unary minus: UTC0 must give 0, not -0.
  const std = { name: name(m[1]!), offsetSeconds: 0 - posixOffset(m[2]!) };
  if (m[3] === undefined) return { std };
  const dstOffset = m[4] === undefined ? std.offsetSeconds + 3600 : 0 - posixOffset(m[4]);
  return { std, dst: { name: name(m[3]), offsetSeconds: dstOffset } };
}

function posixOffset(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const [h = 0, min = 0, s = 0] = text.replace(/^[+-]/, '').split(':').map(Number);
  return sign * (h * 3600 + min * 60 + s);
}

/** Where Go looks for zoneinfo files (its platformZoneSources on Linux). */
const ZONEINFO_DIRS = [
  '/usr/share/zoneinfo',
  '/usr/share/lib/zoneinfo',
  '/usr/lib/locale/TZ',
  '/etc/zoneinfo',
];

/**
 * Loads the TZif file of IANA zone `zone` (as Intl resolved it from TZ or /etc/localtime)
 * from Go's zoneinfo directories, else /etc/localtime itself (a container that mounts only
 * the host's /etc/localtime). Resolves undefined when there is none (a distroless image),
 * where Go falls back to UTC.
 * @throws InvalidInputError when the file found is not TZif.
 */
export async function loadTzif(zone: string): Promise<{ tzif: Tzif; path: string } | undefined> {
  const candidates = zone.includes('..') ? [] : ZONEINFO_DIRS.map((d) => join(d, zone));
  for (const path of [...candidates, '/etc/localtime']) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      // A zone name that is a directory here (`America`) is as good as absent.
      if (isNotFound(err) || errorCode(err) === 'EISDIR') continue;
      throw new CollectorReadError(path, err);
    }
    return { tzif: parseTzif(bytes), path };
  }
  return undefined;
}

/**
 * This process' zone at `date`, as Go's `time.Now().Zone()` would give it: the abbreviation
 * from the TZif file of the zone Intl resolved (TZ, else /etc/localtime), the offset from
 * that file where it has a transition for `date`, else from the JavaScript clock. Without
 * any TZif file the name is `UTC` at offset 0 (Go's fallback) and Intl's short name
 * (`GMT+1`) otherwise.
 * @throws CollectorReadError or InvalidInputError when a zoneinfo file is unreadable or not TZif.
 */
export async function localZoneAt(date: Date): Promise<ZoneAt> {
  // Node.js leaves timeZone undefined for a TZ it does not know (`TZ=Nowhere/Zone`); it then
  // runs on UTC, as Go does.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone as string | undefined;
  // `|| 0` turns -0 (UTC) into 0.
  const offsetSeconds = -date.getTimezoneOffset() * 60 || 0;
  const found = zone === undefined ? undefined : await loadTzif(zone);
  if (found !== undefined) {
    const at = zoneAt(found.tzif, Math.floor(date.getTime() / 1000), offsetSeconds);
    // /etc/localtime may hold another zone than the TZ that Intl followed; trust it only when it agrees.
    if (found.path !== '/etc/localtime' || at.offsetSeconds === offsetSeconds) return at;
  }
  if (offsetSeconds === 0) return { name: 'UTC', offsetSeconds };
  const short = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value;
  return { name: short ?? zone ?? 'UTC', offsetSeconds };
}

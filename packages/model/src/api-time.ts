import { InvalidInputError } from './errors.js';

/**
 * The widest instants the HTTP API can name, in ms: JavaScript's Date range. They stand for
 * "unbounded" when a range parameter is omitted, and larger finite times are clamped to them.
 */
export const API_MIN_TIME_MS = -8_640_000_000_000_000;
export const API_MAX_TIME_MS = 8_640_000_000_000_000;

// Prometheus' own clients send these for an open range (its minTime and maxTime, formatted
// RFC 3339): they are years no Date can hold, so they are recognised by name.
const PROMETHEUS_MIN_TIME = '-292273086-05-16T16:47:06Z';
const PROMETHEUS_MAX_TIME = '292277025-08-18T07:12:54.999999999Z';

const SECONDS_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses a time parameter of the Prometheus HTTP API: Unix seconds (float) or RFC 3339,
 * into milliseconds since the epoch. Refuses what Prometheus refuses: numbers out of float
 * range, dates that do not exist (30 February, hour 24) and RFC 3339 without a zone.
 */
export function parseApiTime(text: string): number {
  const trimmed = text.trim();
  if (SECONDS_RE.test(trimmed)) {
    const seconds = Number(trimmed);
    if (Number.isFinite(seconds)) return clamp(Math.round(seconds * 1000));
  } else {
    const ms = parseRfc3339(trimmed);
    if (ms !== undefined) return ms;
  }
  throw new InvalidInputError(`cannot parse "${text}" to a valid timestamp`);
}

function clamp(ms: number): number {
  return Math.min(API_MAX_TIME_MS, Math.max(API_MIN_TIME_MS, ms));
}

function parseRfc3339(text: string): number | undefined {
  if (text === PROMETHEUS_MIN_TIME) return API_MIN_TIME_MS;
  if (text === PROMETHEUS_MAX_TIME) return API_MAX_TIME_MS;
  const m = RFC3339_RE.exec(text);
  if (m === null) return undefined;
  const field = (i: number): number => Number(m[i]);
  const year = field(1);
  const month = field(2);
  const day = field(3);
  const hour = field(4);
  const minute = field(5);
  const second = field(6);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMin = 0;
  if (m[9] !== undefined) {
    const oh = field(10);
    const om = field(11);
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Sub-millisecond digits are cut, as Prometheus does when it turns a time into milliseconds.
  const fractionMs = m[7] === undefined ? 0 : Number(m[7].slice(1, 4).padEnd(3, '0'));
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const utc = new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + minute) * 60 + second) * 1000;
  return utc + fractionMs - offsetMin * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

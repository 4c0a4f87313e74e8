/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatBytes,
  formatBytesRate,
  formatCelsius,
  formatLoad,
  formatPercent,
  formatRatio,
} from './format-number';

describe('format-number', () => {
  const cases: Array<[string, string, string]> = [
    ['ratio 0.423', formatRatio(0.423), '42%'],
    ['ratio 0.042', formatRatio(0.042), '4.2%'],
    ['ratio null', formatRatio(null), '—'],
    ['percent 0', formatPercent(0), '0%'],
    ['percent 99.6', formatPercent(99.6), '100%'],
    ['bytes 0', formatBytes(0), '0 B'],
    ['bytes 1536', formatBytes(1536), '1.5 KiB'],
    ['bytes 4 GiB', formatBytes(4 * 2 ** 30), '4 GiB'],
    ['bytes 123.4 MiB', formatBytes(123.4 * 2 ** 20), '123 MiB'],
    ['bytes NaN', formatBytes(NaN), '—'],
    ['rate', formatBytesRate(2.5 * 2 ** 20), '2.5 MiB/s'],
    ['celsius', formatCelsius(47.25), '47.3 °C'],
    ['load', formatLoad(0.4213), '0.42'],
  ];
  for (const [name, got, want] of cases) it(name, () => assert.equal(got, want));
});

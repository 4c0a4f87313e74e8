import { InvalidInputError } from '@seahawks/model';

const UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 2 ** 10,
  MB: 2 ** 20,
  GB: 2 ** 30,
  TB: 2 ** 40,
  PB: 2 ** 50,
};

/**
 * Parses a size as Prometheus' `--storage.tsdb.retention.size` takes it: a number and a unit
 * among B, KB, MB, GB, TB, PB (powers of 1024), e.g. `512MB`, `1.5TB`; `0` means no limit.
 * Throws `InvalidInputError` for anything else.
 */
export function parseByteSize(text: string): number {
  const t = text.trim();
  if (t === '0') return 0;
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|PB)$/i.exec(t);
  if (m === null) {
    throw new InvalidInputError(
      `cannot parse size "${text}": want a number and one of B, KB, MB, GB, TB, PB (e.g. 50GB), or 0`,
    );
  }
  return Math.floor(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!);
}

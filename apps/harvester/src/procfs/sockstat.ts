import { parseGoIntAutoBase } from './go-int.js';
import { parseError, quoteLine } from './values.js';

/**
 * One protocol line of /proc/net/sockstat or sockstat6. `inuse` is always there (0 when the
 * kernel leaves it out, as procfs defaults it); the others only when the line has them.
 * `mem` is in pages, `memory` in bytes (FRAG).
 */
export interface SockstatProtocol {
  protocol: string;
  inuse: number;
  orphan?: number;
  tw?: number;
  alloc?: number;
  mem?: number;
  memory?: number;
}

/** A parsed sockstat file; `used` comes from the `sockets:` line, which only the IPv4 file has. */
export interface Sockstat {
  used?: number;
  protocols: SockstatProtocol[];
}

const KNOWN_KEYS = ['orphan', 'tw', 'alloc', 'mem', 'memory'] as const;

/**
 * Parses /proc/net/sockstat or /proc/net/sockstat6 (`TCP: inuse 2 orphan 0 tw 0 alloc 2 mem 0`),
 * as procfs' parseSockstat does: fields split on single spaces, a protocol and at least one
 * key/value pair per line, values in Go's base-prefixed integer syntax, unknown keys ignored.
 * `file` names the file in error messages.
 * @throws InvalidInputError naming the line when a line is malformed.
 */
export function parseSockstat(text: string, file: string): Sockstat {
  const out: Sockstat = { protocols: [] };
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const parts = line.split(' ');
    if (parts.length < 3)
      throw parseError(file, i + 1, `expected a protocol and key/value pairs in ${quoteLine(line)}`);
    const pairs = parts.slice(1);
    if (pairs.length % 2 !== 0)
      throw parseError(file, i + 1, `odd number of key/value fields in ${quoteLine(line)}`);
    const kvs = new Map<string, number>();
    for (let p = 0; p < pairs.length; p += 2) {
      const value = parseGoIntAutoBase(pairs[p + 1]!);
      if (value === undefined) {
        throw parseError(
          file,
          i + 1,
          `bad value ${JSON.stringify(pairs[p + 1])} for ${pairs[p]} in ${quoteLine(line)}`,
        );
      }
      kvs.set(pairs[p]!, value);
    }
    const protocol = parts[0]!.endsWith(':') ? parts[0]!.slice(0, -1) : parts[0]!;
    if (protocol === 'sockets') {
      out.used = kvs.get('used') ?? 0;
      return;
    }
    const entry: SockstatProtocol = { protocol, inuse: kvs.get('inuse') ?? 0 };
    for (const key of KNOWN_KEYS) {
      const value = kvs.get(key);
      if (value !== undefined) entry[key] = value;
    }
    out.protocols.push(entry);
  });
  return out;
}

import { fields, parseError, parseGoFloat, quoteLine } from './values.js';

/** Counters by protocol, then by field: `TcpExt` → `ListenDrops` → 0. */
export type ProtocolStats = Map<string, Map<string, number>>;

/**
 * Parses /proc/net/netstat or /proc/net/snmp: pairs of lines, a header naming the fields and
 * a line of values, both starting with the protocol (`TcpExt: SyncookiesSent …` then
 * `TcpExt: 0 …`). Fields are split on single spaces as node_exporter splits them. Every value
 * must be a number (node_exporter refuses the whole file otherwise, even for fields it does
 * not export); `Tcp: MaxConn` is -1. A protocol seen twice keeps its last pair.
 * `file` names the file in error messages.
 * @throws InvalidInputError naming the line when a pair is torn or a value is not a number.
 */
export function parseProtocolStats(text: string, file: string): ProtocolStats {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: ProtocolStats = new Map();
  for (let i = 0; i < lines.length; i += 2) {
    const header = lines[i]!;
    const names = header.split(' ');
    const protocolField = names[0]!;
    if (!protocolField.endsWith(':') || protocolField.length < 2) {
      throw parseError(file, i + 1, `expected "<protocol>: <field> …", got ${quoteLine(header)}`);
    }
    const protocol = protocolField.slice(0, -1);
    const valuesLine = lines[i + 1];
    if (valuesLine === undefined) throw parseError(file, i + 1, `no values line after ${quoteLine(header)}`);
    const values = valuesLine.split(' ');
    if (values[0] !== protocolField) {
      throw parseError(file, i + 2, `expected values of ${protocol}, got ${quoteLine(valuesLine)}`);
    }
    if (values.length !== names.length) {
      throw parseError(
        file,
        i + 2,
        `${protocol} has ${names.length - 1} fields but ${values.length - 1} values`,
      );
    }
    const stats = new Map<string, number>();
    for (let f = 1; f < names.length; f++) {
      const value = parseGoFloat(values[f]!);
      if (value === undefined) {
        throw parseError(file, i + 2, `bad value ${JSON.stringify(values[f])} for ${protocol} ${names[f]}`);
      }
      stats.set(names[f]!, value);
    }
    out.set(protocol, stats);
  }
  return out;
}

/**
 * Parses /proc/net/snmp6: one `<Protocol6><Field> <value>` per line (`Ip6InReceives 1`).
 * The protocol is the name up to and including its first `6` (`Icmp6`, `UdpLite6`); lines
 * without a `6` or without a value are skipped, as node_exporter skips them.
 * @throws InvalidInputError naming the line when a value is not a number.
 */
export function parseSnmp6(text: string): ProtocolStats {
  const out: ProtocolStats = new Map();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const parts = fields(lines[i]!);
    if (parts.length < 2) continue;
    const key = parts[0]!;
    const six = key.indexOf('6');
    if (six < 0) continue;
    const protocol = key.slice(0, six + 1);
    const value = parseGoFloat(parts[1]!);
    if (value === undefined) {
      throw parseError('/proc/net/snmp6', i + 1, `bad value ${JSON.stringify(parts[1])} for ${key}`);
    }
    let stats = out.get(protocol);
    if (stats === undefined) {
      stats = new Map();
      out.set(protocol, stats);
    }
    stats.set(key.slice(six + 1), value);
  }
  return out;
}

import { BlockList, isIP } from 'node:net';
import { InvalidInputError } from '@seahawks/model';

/** What a request tells about where it came from, before any proxy header is believed. */
export interface RequestOrigin {
  /** The TCP peer's address. */
  readonly peer: string;
  /** Whether the connection to the nester itself is TLS. */
  readonly encrypted: boolean;
  readonly forwardedFor: string | string[] | undefined;
  readonly forwardedProto: string | string[] | undefined;
}

/** Where a request comes from, as far as the nester can trust it. */
export interface ClientOrigin {
  /** The client's address: the peer's, or the one a trusted proxy forwarded. */
  readonly address: string;
  /** Whether the browser spoke HTTPS (to the nester or to a trusted proxy in front of it). */
  readonly https: boolean;
}

/**
 * The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed
 * (`auth.trustedProxies`: addresses or CIDR ranges). Headers from anyone else are ignored, so a
 * client cannot pass for another address to dodge the login throttle, nor claim HTTPS.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  private readonly empty: boolean;

  constructor(entries: readonly string[]) {
    for (const e of entries) addEntry(this.list, e);
    this.empty = entries.length === 0;
  }

  trusts(address: string): boolean {
    if (this.empty) return false;
    const plain = unmapped(address);
    const family = isIP(plain);
    return family !== 0 && this.list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** The client's address and scheme, believing forwarded headers only from a trusted peer. */
  origin(req: RequestOrigin): ClientOrigin {
    const peer = unmapped(req.peer);
    if (!this.trusts(peer)) return { address: peer, https: req.encrypted };
    // The rightmost address no trusted proxy added is the client (earlier ones are its own claims).
    const hops = headerList(req.forwardedFor)
      .map(unmapped)
      .filter((h) => isIP(h) !== 0);
    let address = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      address = hops[i]!;
      if (!this.trusts(address)) break;
    }
    const proto = headerList(req.forwardedProto).at(-1)?.toLowerCase();
    return { address, https: req.encrypted || proto === 'https' };
  }
}

function addEntry(list: BlockList, entry: string): void {
  const [ip = '', bits] = entry.trim().split('/', 2);
  const family = isIP(ip);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const max = family === 6 ? 128 : 32;
  const prefix = bits === undefined ? max : Number(bits);
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max || bits === '')
    throw new InvalidInputError(
      `cannot trust proxy "${entry}": expected an IP address or a CIDR range such as 10.0.0.0/8`,
    );
  if (prefix === max) list.addAddress(ip, type);
  else list.addSubnet(ip, prefix, type);
}

function headerList(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) as `10.0.0.1`. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

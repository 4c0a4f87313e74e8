import { checkServerIdentity } from 'node:tls';
import type { PeerCertificate } from 'node:tls';

/** How the harvester checks the name in the nester's certificate. */
export interface IdentityPolicy {
  /**
   * True: the certificate must name the host dialled, as browsers require. False (the default
   * with a pinned CA): a certificate that chains to the pinned CA is accepted under any name.
   */
  readonly strict: boolean;
  /** Told once per host when a name mismatch was tolerated, so operators can fix the SANs. */
  readonly onTolerated?: (host: string, reason: string) => void;
}

/**
 * A `checkServerIdentity` for TLS connections to the nester.
 *
 * Why tolerant by default: Node calls it only after the chain verified against `ca`, and `ca` is
 * the pinned CA alone (it replaces the system roots). The nester's generated CA exists for this
 * nester only, so a certificate it signed *is* the nester, whatever name the harvester used:
 * an address behind NAT, a DNS alias, a renumbered host, none of which should cut a fleet off.
 * An operator who pins a CA shared with other servers (`tunnel.tls` on the nester) sets
 * `verifyServerName` so the name is checked as usual.
 */
export function pinnedIdentityCheck(
  policy: IdentityPolicy,
): (host: string, cert: PeerCertificate) => Error | undefined {
  const told = new Set<string>();
  return (host, cert) => {
    const err = checkServerIdentity(host, cert);
    if (err === undefined || policy.strict) return err;
    if (!told.has(host)) {
      told.add(host);
      policy.onTolerated?.(host, err.message);
    }
    return undefined;
  };
}

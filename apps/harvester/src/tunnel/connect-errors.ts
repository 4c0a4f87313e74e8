import { describeError } from '@seahawks/model';

/** TLS verification codes that mean "this is not the nester whose CA we pinned". */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * Words a connection failure for an operator: a certificate from another CA, an expired one, a
 * refused or unreachable address, each with what to check. Keeps the system's code in brackets.
 */
export function describeConnectError(err: unknown, caSource: string): string {
  const code = (err as { code?: unknown }).code;
  const text = describeError(err);
  if (typeof code !== 'string') return text;
  if (UNTRUSTED.has(code)) {
    return `the nester's certificate is not signed by the pinned CA (${caSource}): this is not the nester that was joined, or its CA changed; join again if it did [${code}]`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return `the nester's certificate is outside its validity (check both clocks) [${code}]`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the nester's certificate does not name the host dialled (${text}) [${code}]`;
  }
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') {
    return `${text} (is the nester running and port 5000 reachable?)`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve the nester's name: ${text}`;
  return text.includes(code) ? text : `${text} [${code}]`;
}

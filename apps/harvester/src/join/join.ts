import { z } from 'zod';
import { SeahawksError } from '@seahawks/model';
import { validateHarvesterConfig } from '../config/load.js';
import type { Inventory } from '../inventory.js';
import { caHashOf, parseCaHash } from './ca-hash.js';
import { hasCredential, joinPaths, prepareJoinFiles, writeJoinFiles } from './join-files.js';
import type { JoinPaths } from './join-files.js';
import { httpsCall } from './join-http.js';
import type { HttpsAnswer, HttpsCall } from './join-http.js';
import { checkJoinToken, checkNodeName, nesterBase, parseNesterUrl } from './join-input.js';

/** The join failed; the message says why and what to do. */
export class JoinError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('join_failed', message, options);
  }
}

/** What `seahawks harvester join` needs. */
export interface JoinOptions {
  /** The nester's tunnel endpoint, `https://host:5000`. */
  readonly url: string;
  readonly token: string;
  /** `sha256:<hex>` from the join command. */
  readonly caHash: string;
  readonly name: string;
  /** The harvester's own labels; the token's win where they clash. */
  readonly labels: Readonly<Record<string, string>>;
  /** Absolute data directory: credential, CA and (by default) the config go there. */
  readonly dataDir: string;
  /** Config file to write; default `<dataDir>/harvester.json`. */
  readonly configFile?: string;
  readonly inventory?: Partial<Inventory>;
  /** Per request, milliseconds; default 15 s. */
  readonly timeoutMs?: number;
  /** Proxy selection, for tests; default `HTTPS_PROXY`/`NO_PROXY`. */
  readonly proxyFor?: HttpsCall['proxyFor'];
  /** Require the nester's certificate to name the host in `url` (and keep requiring it in the config). */
  readonly verifyServerName?: boolean;
  /** Told when the certificate names another host and was accepted thanks to the pinned CA. */
  readonly onNameTolerated?: HttpsCall['onNameTolerated'];
}

/** What the join produced. */
export interface JoinResult extends JoinPaths {
  readonly nester: string;
  readonly name: string;
  /** The labels the nester recorded (the token's merged over the harvester's). */
  readonly labels: Readonly<Record<string, string>>;
}

const MAX_CA_BYTES = 64 * 1024;
const MAX_ANSWER_BYTES = 64 * 1024;
const joinAnswer = z.object({
  name: z.string().max(253),
  credential: z.string().regex(/^shc_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/),
  labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/), z.string().max(128)),
});

/**
 * Joins a nester like `kubeadm join`: fetches its CA without trusting it, checks the CA's hash
 * against `caHash` (the operator's word, carried in the join command), then — with that CA
 * pinned — trades the token for a credential, and writes credential, CA and config (0600).
 * Nothing secret is sent before the nester has proved it holds the pinned CA's certificate.
 */
export async function joinNester(o: JoinOptions): Promise<JoinResult> {
  const url = parseNesterUrl(o.url);
  const base = nesterBase(url);
  const token = checkJoinToken(o.token);
  const wantHash = parseCaHash(o.caHash);
  const name = checkNodeName(o.name);
  const paths = joinPaths(o.dataDir, o.configFile);
  const fail = (why: string, cause?: unknown): JoinError =>
    new JoinError(`cannot join ${base}: ${why}`, { cause });
  let existing: Record<string, unknown>;
  try {
    existing = await prepareJoinFiles(paths);
    if (await hasCredential(paths))
      throw new Error(
        `${paths.credentialFile} exists: this harvester has joined already (remove it, or use another --data)`,
      );
  } catch (err) {
    throw fail((err as Error).message, err);
  }
  const call = (path: string, extra: Partial<HttpsCall> & Pick<HttpsCall, 'ca'>): Promise<HttpsAnswer> =>
    httpsCall({
      url: new URL(`${base}${path}`),
      method: 'GET',
      timeoutMs: o.timeoutMs ?? 15_000,
      maxBytes: MAX_ANSWER_BYTES,
      proxyFor: o.proxyFor,
      verifyServerName: o.verifyServerName,
      onNameTolerated: o.onNameTolerated,
      ...extra,
    }).catch((err: unknown) => {
      throw fail(describeTransportError(err, url.hostname), err);
    });

  const caAnswer = await call('/tunnel/v1/ca', { ca: undefined, maxBytes: MAX_CA_BYTES });
  if (caAnswer.status !== 200) throw fail(`GET /tunnel/v1/ca answered HTTP ${caAnswer.status}`);
  let gotHash: string;
  try {
    gotHash = caHashOf(caAnswer.text);
  } catch (err) {
    throw fail(`the nester sent no valid CA certificate (${(err as Error).message})`, err);
  }
  if (gotHash !== wantHash)
    throw fail(`the nester's CA hash ${gotHash} does not match --ca-hash ${wantHash}`);
  const config = {
    ...existing,
    nester: base,
    credentialFile: paths.credentialFile,
    caFile: paths.caFile,
    name,
    labels: o.labels,
    dataDir: paths.dataDir,
    ...(o.verifyServerName ? { verifyServerName: true } : {}),
  };
  try {
    // Before spending the token: a config that would not load must not cost a credential.
    validateHarvesterConfig(config, paths.configFile);
  } catch (err) {
    throw fail((err as Error).message, err);
  }

  const body = { token, name, labels: o.labels, ...(o.inventory ? { inventory: o.inventory } : {}) };
  const answer = await call('/tunnel/v1/join', { method: 'POST', body, ca: caAnswer.text });
  if (answer.status !== 200) throw fail(refusal(answer));
  const parsed = joinAnswer.safeParse(safeJson(answer.text));
  if (!parsed.success || parsed.data.name !== name)
    throw fail('the nester sent an answer that is not a join result');
  const { credential, labels } = parsed.data;
  try {
    await writeJoinFiles(paths, credential, caAnswer.text, { ...config, labels });
  } catch (err) {
    throw fail(
      `joined as "${name}", but cannot write the files (${(err as Error).message}); ` +
        `revoke "${name}" on the nester and join again with a new token`,
      err,
    );
  }
  return { ...paths, nester: base, name, labels };
}

/** The nester's own words when it refused, with the status for the record. */
function refusal(answer: HttpsAnswer): string {
  const error = (safeJson(answer.text) as { error?: unknown } | undefined)?.error;
  const text = (typeof error === 'string' ? error.slice(0, 500) : answer.text.slice(0, 200))
    // Whatever answered may not be a nester: no escape sequences reach the operator's terminal.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/^cannot join[^:]*: /, '');
  return `the nester refused (HTTP ${answer.status}): ${text}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the caller treats it as "no usable answer" and says so.
    return undefined;
  }
}

/** Network and TLS failures, in the operator's terms. */
function describeTransportError(err: unknown, host: string): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the nester's certificate does not cover "${host}" (${e.message}); use a name or address it was issued for (tunnel.serverNames)`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'CERT_SIGNATURE_FAILURE':
      return `the nester's certificate is not issued by the CA whose hash was checked (${e.message})`;
    case 'ECONNREFUSED':
      return `nothing listens there (${e.message}); is the nester running, and is this its tunnel port (5000)?`;
    default:
      return e.message ?? String(err);
  }
}

import { SeahawksError } from '@seahawks/model';

/** Why a join token was refused. Logged on the nester; the client only ever sees a 401. */
export type JoinRefusal = 'unknown' | 'expired' | 'used_up' | 'revoked';

/**
 * A join token was refused. The subclasses tell the reason apart for the nester's log; the join
 * endpoint answers every one of them with the same 401 so a guesser learns nothing.
 */
export abstract class JoinTokenRefusedError extends SeahawksError {
  abstract readonly reason: JoinRefusal;

  /** The token id when the token was well-formed (never the secret). */
  readonly tokenId: string | undefined;

  constructor(code: string, tokenId: string | undefined, message: string) {
    super(code, message);
    this.tokenId = tokenId;
  }
}

/** Malformed, unknown id, or wrong secret: indistinguishable on purpose. */
export class UnknownJoinTokenError extends JoinTokenRefusedError {
  readonly reason = 'unknown';

  constructor(tokenId: string | undefined, detail: string) {
    super('join_token_unknown', tokenId, `cannot accept join token ${tokenId ?? '(malformed)'}: ${detail}`);
  }
}

export class ExpiredJoinTokenError extends JoinTokenRefusedError {
  readonly reason = 'expired';

  constructor(tokenId: string, expiresAt: number) {
    super(
      'join_token_expired',
      tokenId,
      `cannot accept join token ${tokenId}: it expired at ${new Date(expiresAt).toISOString()}`,
    );
  }
}

export class UsedUpJoinTokenError extends JoinTokenRefusedError {
  readonly reason = 'used_up';

  constructor(tokenId: string, maxUses: number) {
    super(
      'join_token_used_up',
      tokenId,
      `cannot accept join token ${tokenId}: all ${maxUses} uses are spent`,
    );
  }
}

export class RevokedJoinTokenError extends JoinTokenRefusedError {
  readonly reason = 'revoked';

  constructor(tokenId: string) {
    super('join_token_revoked', tokenId, `cannot accept join token ${tokenId}: it was revoked`);
  }
}

/**
 * The port of the e-legitimation step's attempts (docs/identity.md): what is kept server-side between
 * "Identifiera dig" and the provider's callback, its outcome, and the verified identity while it may be
 * used. Plain objects; the TypeORM implementation is libs/persistence
 * `TypeOrmSigningIdentityAttempts` (token `SIGNING_IDENTITY_ATTEMPTS`), the specs use
 * `InMemoryIdentityAttempts` in `../testing/identity`.
 */

/** One e-legitimation attempt of a signing link. */
export interface SigningIdentityAttempt {
  id: string;
  linkId: string;
  /** SHA-256 of the OAuth `state` sent to the provider (the callback finds the attempt by it). */
  stateHash: string;
  /** SHA-256 of the browser's binding cookie. */
  browserHash: string;
  /** The pending authentication (state, nonce, PKCE verifier, the link's token), sealed. */
  pending: string;
  createdAt: Date;
  /** The callback must come before this. */
  expiresAt: Date;
  finishedAt: Date | null;
  /** `verified`, `name_mismatch`, `link_closed` or an IdentityErrorCode. */
  outcome: string | null;
  /** The verified identity (JSON, no personal number in clear), when `verified`. */
  identity: string | null;
  /** The verified identity may approve its link until then. */
  verifiedUntil: Date | null;
}

/** The e-legitimation attempts of signing links. */
export interface SigningIdentityAttempts {
  /** Attempts of the link created after `since` (the throttle per link). */
  countSince(linkId: string, since: Date): Promise<number>;
  insert(attempt: SigningIdentityAttempt): Promise<void>;
  findByStateHash(stateHash: string): Promise<SigningIdentityAttempt | null>;
  /** Marks the attempt finished unless it already was: true for exactly one caller (a replayed callback gets false). */
  claim(id: string, at: Date): Promise<boolean>;
  /** Records the outcome; `verified` also the identity and how long it may be used. */
  setOutcome(id: string, outcome: string, verified?: { identity: string; verifiedUntil: Date }): Promise<void>;
  /** The newest verified attempt of the link in this browser (fresh or not), or null. */
  latestVerified(linkId: string, browserHash: string): Promise<SigningIdentityAttempt | null>;
  /**
   * Deletes the attempts that can matter no more: expired (no callback can use them) and, when
   * verified, past `verifiedUntil`, both before `before`. Returns how many.
   */
  deleteExpired(before: Date): Promise<number>;
}

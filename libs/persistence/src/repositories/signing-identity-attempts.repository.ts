import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, MoreThan } from 'typeorm';
import { SigningIdentityAttemptEntity } from '../entities/justering.entity';

/**
 * One e-legitimation attempt of a signing link (docs/identity.md): what is kept server-side between
 * "Identifiera dig" and the provider's callback (sealed), its outcome, and the verified identity while
 * it may be used. A plain object: no entity instance leaves the repository.
 */
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

/** The e-legitimation attempts of signing links (the SigningIdentityService's port). */
export abstract class SigningIdentityAttemptsRepository {
  /** Attempts of the link created after `since` (the throttle per link). */
  abstract countSince(linkId: string, since: Date): Promise<number>;
  abstract insert(attempt: SigningIdentityAttempt): Promise<void>;
  abstract findByStateHash(stateHash: string): Promise<SigningIdentityAttempt | null>;
  /** Marks the attempt finished unless it already was: true for exactly one caller (a replayed callback gets false). */
  abstract claim(id: string, at: Date): Promise<boolean>;
  /** Records the outcome; `verified` also the identity and how long it may be used. */
  abstract setOutcome(id: string, outcome: string, verified?: { identity: string; verifiedUntil: Date }): Promise<void>;
  /** The newest verified attempt of the link in this browser (fresh or not), or null. */
  abstract latestVerified(linkId: string, browserHash: string): Promise<SigningIdentityAttempt | null>;
  /**
   * Deletes the attempts that can matter no more: expired (no callback can use them) and, when
   * verified, past `verifiedUntil`, both before `before`. Returns how many.
   */
  abstract deleteExpired(before: Date): Promise<number>;
}

const plain = (e: SigningIdentityAttemptEntity): SigningIdentityAttempt => ({ ...e });

@Injectable()
export class TypeOrmSigningIdentityAttemptsRepository extends SigningIdentityAttemptsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  private get rows() {
    return this.ds.getRepository(SigningIdentityAttemptEntity);
  }

  countSince(linkId: string, since: Date) {
    return this.rows.countBy({ linkId, createdAt: MoreThan(since) });
  }

  async insert(attempt: SigningIdentityAttempt) {
    await this.rows.insert({ ...attempt });
  }

  async findByStateHash(stateHash: string) {
    const e = await this.rows.findOneBy({ stateHash });
    return e ? plain(e) : null;
  }

  async claim(id: string, at: Date) {
    const r = await this.rows.update({ id, finishedAt: IsNull() }, { finishedAt: at });
    return (r.affected ?? 0) === 1;
  }

  async setOutcome(id: string, outcome: string, verified?: { identity: string; verifiedUntil: Date }) {
    await this.rows.update({ id }, { outcome, ...(verified ?? {}) });
  }

  async latestVerified(linkId: string, browserHash: string) {
    const e = await this.rows.findOne({ where: { linkId, browserHash, outcome: 'verified' }, order: { createdAt: 'DESC' } });
    return e ? plain(e) : null;
  }

  async deleteExpired(before: Date) {
    // Two statements with find operators (they convert the dates for both databases).
    const never = await this.rows.delete({ expiresAt: LessThan(before), verifiedUntil: IsNull() });
    const used = await this.rows.delete({ expiresAt: LessThan(before), verifiedUntil: LessThan(before) });
    return (never.affected ?? 0) + (used.affected ?? 0);
  }
}

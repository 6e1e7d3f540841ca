import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, MoreThan } from 'typeorm';
import type { SigningIdentityAttempt, SigningIdentityAttempts } from '@justera/justering';
import { SigningIdentityAttemptEntity } from '../entities/justering.entity';

/**
 * The e-legitimation step's attempts port (libs/justering `SigningIdentityAttempts`, docs/identity.md)
 * on the database, behind the token SIGNING_IDENTITY_ATTEMPTS. Plain objects: no entity instance
 * leaves the repository.
 */
export const SIGNING_IDENTITY_ATTEMPTS = Symbol('SIGNING_IDENTITY_ATTEMPTS');

const plain = (e: SigningIdentityAttemptEntity): SigningIdentityAttempt => ({ ...e });

@Injectable()
export class TypeOrmSigningIdentityAttempts implements SigningIdentityAttempts {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

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

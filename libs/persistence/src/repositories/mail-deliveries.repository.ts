import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MailDeliveryEntity } from '../entities/mail-delivery.entity';

/** Replaces the token of every signing link (/sign/<token>) and account invitation (/inbjudan/<token>) with a marker. */
export function redactLinks(body: string): string {
  return body.replace(/\/(sign|inbjudan)\/[A-Za-z0-9_-]{16,}/g, '/$1/[borttagen]');
}

/** What a claim found: the row is ours to send, or why not. */
export type MailClaim =
  { status: 'claimed'; delivery: MailDeliveryEntity } | { status: 'missing' | 'sent' | 'failed' | 'busy'; delivery?: MailDeliveryEntity };

export abstract class MailDeliveriesRepository {
  abstract find(id: string): Promise<MailDeliveryEntity | null>;
  /**
   * Claims the row for one sending attempt, atomically in the database (queued → sending): only one
   * caller gets "claimed". A row left "sending" longer than `leaseMs` (its sender died) can be claimed
   * again; anything else claimed elsewhere is "busy".
   */
  abstract claim(id: string, now: Date, leaseMs: number): Promise<MailClaim>;
  /** `sentBodies`: the plaintext that went out; stored with its signing links removed. */
  abstract markSent(id: string, messageId: string, at: Date, sentBodies?: { text: string; html: string }): Promise<void>;
  /** `final`: no more attempts; `bodies` (plaintext) are then stored with their links removed. */
  abstract markAttemptFailed(id: string, error: string, final: boolean, bodies?: { text: string; html: string }): Promise<void>;
}

@Injectable()
export class TypeOrmMailDeliveriesRepository extends MailDeliveriesRepository {
  constructor(@InjectRepository(MailDeliveryEntity) private readonly deliveries: Repository<MailDeliveryEntity>) {
    super();
  }
  find(id: string) {
    return this.deliveries.findOneBy({ id });
  }
  async claim(id: string, now: Date, leaseMs: number): Promise<MailClaim> {
    const staleBefore = new Date(now.getTime() - leaseMs);
    // The claim and the read that tells the caller what it won are one transaction: a connection lost
    // between them (a PostgreSQL restart) must roll the claim back, or the row would stay "sending"
    // for the whole lease with nobody sending it (a signer's invitation delayed by minutes). On SQLite
    // the data source lets parallel claims take turns (serialiseSqliteTransactions).
    return this.deliveries.manager.transaction(async (m) => {
      const res = await m
        .createQueryBuilder()
        .update(MailDeliveryEntity)
        .set({ status: 'sending', claimedAt: now, attempts: () => 'attempts + 1' })
        .where('id = :id', { id })
        .andWhere("(status = 'queued' OR (status = 'sending' AND (claimed_at IS NULL OR claimed_at < :staleBefore)))", { staleBefore })
        .execute();
      const row = await m.findOneBy(MailDeliveryEntity, { id });
      if (!row) return { status: 'missing' } as const;
      if (res.affected === 1 && row.status === 'sending') return { status: 'claimed', delivery: row } as const;
      if (row.status === 'sent' || row.status === 'failed') return { status: row.status, delivery: row } as const;
      return { status: 'busy', delivery: row } as const;
    });
  }
  async markSent(id: string, messageId: string, at: Date, sentBodies?: { text: string; html: string }) {
    const row = await this.deliveries.findOneBy({ id });
    if (!row) return;
    const body = sentBodies ?? { text: row.textBody, html: row.htmlBody };
    // Once sent, the bodies are kept as a record of what was sent, but without live signing links:
    // a copy of the database must not let anyone sign (only token hashes are kept elsewhere).
    await this.deliveries.update(
      { id },
      {
        status: 'sent',
        messageId,
        sentAt: at,
        claimedAt: null,
        lastError: null,
        textBody: redactLinks(body.text),
        htmlBody: redactLinks(body.html),
      },
    );
  }
  async markAttemptFailed(id: string, error: string, final: boolean, bodies?: { text: string; html: string }) {
    const row = await this.deliveries.findOneBy({ id });
    if (!row) return;
    // A mail that will never go out keeps no sealed body either: only what it said, without links.
    const dropped = final && bodies ? { textBody: redactLinks(bodies.text), htmlBody: redactLinks(bodies.html) } : {};
    // The claim counted the attempt; release the row for the retry (or give up on the last one).
    await this.deliveries.update(
      { id, status: 'sending' },
      { lastError: error.slice(0, 1000), status: final ? 'failed' : 'queued', claimedAt: null, ...dropped },
    );
  }
}

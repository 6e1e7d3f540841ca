import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MailDeliveryEntity } from '../entities/mail-delivery.entity';

/** Replaces the token of every signing link (/sign/<token>) with a marker. */
export function redactLinks(body: string): string {
  return body.replace(/\/sign\/[A-Za-z0-9_-]{16,}/g, '/sign/[borttagen]');
}

export abstract class MailDeliveriesRepository {
  abstract find(id: string): Promise<MailDeliveryEntity | null>;
  abstract markSent(id: string, messageId: string, at: Date): Promise<void>;
  abstract markAttemptFailed(id: string, error: string, final: boolean): Promise<void>;
}

@Injectable()
export class TypeOrmMailDeliveriesRepository extends MailDeliveriesRepository {
  constructor(@InjectRepository(MailDeliveryEntity) private readonly deliveries: Repository<MailDeliveryEntity>) {
    super();
  }
  find(id: string) {
    return this.deliveries.findOneBy({ id });
  }
  async markSent(id: string, messageId: string, at: Date) {
    const row = await this.deliveries.findOneBy({ id });
    if (!row) return;
    // Once sent, the bodies are kept as a record of what was sent, but without live signing links:
    // a copy of the database must not let anyone sign (only token hashes are kept elsewhere).
    await this.deliveries.update(
      { id },
      { status: 'sent', messageId, sentAt: at, lastError: null, textBody: redactLinks(row.textBody), htmlBody: redactLinks(row.htmlBody) },
    );
  }
  async markAttemptFailed(id: string, error: string, final: boolean) {
    const row = await this.deliveries.findOneBy({ id });
    if (!row) return;
    await this.deliveries.update({ id }, { attempts: row.attempts + 1, lastError: error.slice(0, 1000), status: final ? 'failed' : row.status });
  }
}

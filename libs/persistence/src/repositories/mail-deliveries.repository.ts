import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MailDeliveryEntity } from '../entities/mail-delivery.entity';

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
    await this.deliveries.update({ id }, { status: 'sent', messageId, sentAt: at, lastError: null });
  }
  async markAttemptFailed(id: string, error: string, final: boolean) {
    const row = await this.deliveries.findOneBy({ id });
    if (!row) return;
    await this.deliveries.update({ id }, { attempts: row.attempts + 1, lastError: error.slice(0, 1000), status: final ? 'failed' : row.status });
  }
}

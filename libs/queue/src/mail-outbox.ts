import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { MailDeliveryEntity } from '@justera/persistence';
import { enqueueInTransaction } from './outbox';

export interface QueuedMail {
  organisationId: string | null;
  /** What the mail is about, e.g. "justering.invitation". */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Queues one e-mail in the caller's transaction: a mail_deliveries row and its `mail.send` job (through
 * the outbox), so the mail goes out exactly when the change that caused it commits. Returns the row id.
 */
export async function queueMailInTransaction(manager: EntityManager, mail: QueuedMail): Promise<string> {
  const d: MailDeliveryEntity = {
    id: randomUUID(),
    organisationId: mail.organisationId,
    kind: mail.kind,
    toAddress: mail.to,
    subject: mail.subject.slice(0, 400),
    textBody: mail.text,
    htmlBody: mail.html,
    status: 'queued',
    messageId: null,
    attempts: 0,
    lastError: null,
    createdAt: new Date(),
    claimedAt: null,
    sentAt: null,
  };
  await manager.insert(MailDeliveryEntity, d);
  await enqueueInTransaction(manager, 'mail.send', { deliveryId: d.id });
  return d.id;
}

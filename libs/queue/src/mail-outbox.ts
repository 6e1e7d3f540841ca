import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { sealText } from '@justera/auth';
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

let bodySecret: string | undefined;

/**
 * The key that seals queued mail bodies: JUSTERA_SECRET, set once per process at boot (runProcess).
 * It is never stored in the database or in Redis, so a copy of either holds no usable signing link.
 */
export function useMailBodySecret(secret: string): void {
  bodySecret = secret;
}

/** The context a body is sealed under: the row id and which part, so bodies cannot be swapped. */
export const mailBodyContext = (deliveryId: string, part: 'text' | 'html') => `mail_deliveries/${deliveryId}/${part}`;

/**
 * Queues one e-mail in the caller's transaction: a mail_deliveries row and its `mail.send` job (through
 * the outbox), so the mail goes out exactly when the change that caused it commits. Returns the row id.
 * The bodies are stored sealed (AES-256-GCM under JUSTERA_SECRET, see libs/auth sealed-text.ts).
 */
export async function queueMailInTransaction(manager: EntityManager, mail: QueuedMail): Promise<string> {
  // Bodies can carry live signing links: they wait sealed, and the worker opens them only to send
  // (and then stores them with the links removed).
  if (!bodySecret) throw new Error('mail bodies cannot be sealed: useMailBodySecret() was not called at boot');
  const id = randomUUID();
  const d: MailDeliveryEntity = {
    id,
    organisationId: mail.organisationId,
    kind: mail.kind,
    toAddress: mail.to,
    subject: mail.subject.slice(0, 400),
    textBody: sealText(bodySecret, mail.text, mailBodyContext(id, 'text')),
    htmlBody: sealText(bodySecret, mail.html, mailBodyContext(id, 'html')),
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

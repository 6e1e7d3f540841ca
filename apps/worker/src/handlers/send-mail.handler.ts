import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@justera/config';
import type { MailTransport } from '@justera/mail';
import { MailDeliveriesRepository } from '@justera/persistence';
import { JOBS, JobHandler, JobOutcome, JobPayloads } from '@justera/queue';
import { MAIL_TRANSPORT } from './tokens';

/**
 * Sends one mail_deliveries row. Idempotent: a row already sent is skipped, a missing row is skipped,
 * and the Message-ID is derived from the row id, so a retry after a crash between sending and
 * recording sends the same message (receivers can tell it is the same). A failure throws so that BullMQ
 * retries with backoff; the row keeps the attempt count and the last error.
 */
@Injectable()
export class SendMailHandler implements JobHandler<'mail.send'> {
  readonly jobName = 'mail.send' as const;

  constructor(
    private readonly deliveries: MailDeliveriesRepository,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(payload: JobPayloads['mail.send'], context: { attempt: number }): Promise<JobOutcome> {
    const d = await this.deliveries.find(payload.deliveryId);
    if (!d) return { status: 'skipped', detail: 'delivery no longer exists' };
    if (d.status === 'sent') return { status: 'skipped', detail: 'already sent' };
    try {
      const { messageId } = await this.transport.send({ id: d.id, to: d.toAddress, subject: d.subject, text: d.textBody, html: d.htmlBody });
      await this.deliveries.markSent(d.id, messageId, new Date());
      return { status: 'done', detail: messageId };
    } catch (err) {
      const final = context.attempt >= JOBS['mail.send'].attempts;
      await this.deliveries.markAttemptFailed(d.id, err instanceof Error ? err.message : String(err), final);
      throw err;
    }
  }
}

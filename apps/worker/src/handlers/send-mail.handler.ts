import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@justera/config';
import type { MailTransport } from '@justera/mail';
import { MailDeliveriesRepository, holdOn } from '@justera/persistence';
import { isSealedText, openText } from '@justera/auth';
import { JOBS, JobHandler, JobOutcome, JobPayloads, mailBodyContext } from '@justera/queue';
import { MAIL_TRANSPORT } from './tokens';

/**
 * How long a claimed row belongs to its sender. Longer than an SMTP attempt can last (the transport's
 * connection, greeting and socket timeouts are 30 s each), so a live sender is never overtaken; after
 * it, a sender that died (kill -9, power cut) is presumed dead and the row may be sent again.
 */
export const MAIL_CLAIM_LEASE_MS = 120_000;

/** The row's error when its sealed body cannot be opened with this process's JUSTERA_SECRET. */
export const UNOPENABLE_BODY = 'the sealed mail body cannot be opened with the current JUSTERA_SECRET (rotated since the mail was queued?); resend it';

/** Thrown (and retried with backoff) while another attempt holds the row's claim. */
export class MailBusyError extends Error {
  readonly code = 'MAIL_SENDING_ELSEWHERE';
}

/**
 * Sends one mail_deliveries row at most once per claim. Before the SMTP call the row is claimed in
 * the database (queued → sending, one winner); a second run of the job while the first is alive (a
 * stalled job after a Redis restart, a worker that lost its lock) finds it "sending" and backs off; a
 * row already sent or given up is skipped. The SMTP Message-ID is derived from the row id and recorded
 * with "sent". The one case SMTP itself cannot close: a sender killed after the server accepted the
 * message and before "sent" was written; after the lease the row is sent again with the same
 * Message-ID (at-least-once there, see docs/mail.md). A failure releases the claim and throws, so that
 * BullMQ retries with backoff; the row keeps the attempt count and the last error.
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
    const claim = await this.deliveries.claim(payload.deliveryId, new Date(), MAIL_CLAIM_LEASE_MS);
    if (claim.status !== 'claimed') {
      if (claim.status === 'busy') throw new MailBusyError(`delivery ${payload.deliveryId} is being sent by another attempt`);
      const detail = { missing: 'delivery no longer exists', sent: 'already sent', failed: 'given up earlier' }[claim.status];
      return { status: 'skipped', detail };
    }
    const d = claim.delivery;
    // The bodies wait sealed under JUSTERA_SECRET (queueMailInTransaction); opened only to send.
    const open = (body: string, part: 'text' | 'html') => (isSealedText(body) ? openText(this.config.secret, body, mailBodyContext(d.id, part)) : body);
    let body: { text: string; html: string };
    try {
      body = { text: open(d.textBody, 'text'), html: open(d.htmlBody, 'html') };
    } catch {
      // Sealed under another JUSTERA_SECRET (rotated while the mail waited) or altered: no retry can
      // open it. Give the row up now, saying why, instead of leaving it "sending" through every retry;
      // a resend from the dashboard makes a new mail with a new link (docs/security.md).
      await this.deliveries.markAttemptFailed(d.id, UNOPENABLE_BODY, true);
      return { status: 'skipped', detail: UNOPENABLE_BODY };
    }
    let messageId: string;
    try {
      ({ messageId } = await this.transport.send({ id: d.id, to: d.toAddress, subject: d.subject, text: body.text, html: body.html }));
    } catch (err) {
      const final = context.attempt >= JOBS['mail.send'].attempts;
      // Release the claim even through a database restart: a claim left behind holds the row for the
      // whole lease (two minutes) before any retry may send it.
      await holdOn(() => this.deliveries.markAttemptFailed(d.id, err instanceof Error ? err.message : String(err), final, body));
      throw err;
    }
    await this.recordSent(d.id, messageId, body);
    return { status: 'done', detail: messageId };
  }

  /**
   * The mail is out: record it, holding on through a database restart (up to about a minute) rather
   * than letting the job fail, since a retry after the lease would send the mail a second time.
   */
  private async recordSent(id: string, messageId: string, body: { text: string; html: string }): Promise<void> {
    const sentAt = new Date();
    await holdOn(() => this.deliveries.markSent(id, messageId, sentAt, body));
  }
}

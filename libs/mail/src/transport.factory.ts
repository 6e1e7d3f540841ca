import { DEFAULT_OUTBOX_DIR, OutboxMailTransport } from './outbox.transport';
import { SmtpMailTransport } from './smtp.transport';

export interface MailTransportConfig {
  /** SMTP_URL; when unset or empty, mail goes to the development outbox. */
  smtpUrl?: string;
  /** MAIL_FROM, e.g. `Justera <justera@kommun.se>`. */
  from: string;
  /** Outbox directory (default ./data/outbox). */
  outboxDir?: string;
  messageIdDomain?: string;
}

/** SMTP when `smtpUrl` is set, the file outbox otherwise. */
export function createMailTransport(config: MailTransportConfig): SmtpMailTransport | OutboxMailTransport {
  if (config.smtpUrl) {
    return new SmtpMailTransport({ smtpUrl: config.smtpUrl, from: config.from, messageIdDomain: config.messageIdDomain });
  }
  return new OutboxMailTransport({ dir: config.outboxDir ?? DEFAULT_OUTBOX_DIR, from: config.from, messageIdDomain: config.messageIdDomain });
}

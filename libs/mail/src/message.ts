/**
 * The mail model shared by the transports and the templates. Plain TypeScript: the Nest glue
 * (a processor of the `mail.send` job) builds a MailMessage from a template and hands it to a
 * MailTransport chosen by {@link createMailTransport}.
 */
import { createHash } from 'node:crypto';

export interface MailMessage {
  /** Recipient address(es), e.g. `Anna Andersson <anna@example.se>`. */
  to: string | string[];
  subject: string;
  text: string;
  html: string;
  /** Extra headers (no CR/LF allowed in names or values). */
  headers?: Record<string, string>;
  /**
   * Idempotency id, e.g. the mail_deliveries row id. Sending the same id again yields the same
   * Message-ID (SMTP) or the same stored mail (outbox).
   */
  id?: string;
  /** Optional Reply-To, e.g. the secretary. */
  replyTo?: string;
}

export interface SendResult {
  /** The Message-ID header, with angle brackets. */
  messageId: string;
}

export interface MailTransport {
  send(msg: MailMessage): Promise<SendResult>;
  /** Releases connections; safe to call more than once. */
  close?(): Promise<void>;
}

/** Thrown for a message that cannot be sent as given (bad header, missing recipient). */
export class MailMessageError extends Error {
  readonly code = 'MAIL_MESSAGE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'MailMessageError';
  }
}

/** The domain part of an address such as `Justera <justera@kommun.se>`; `localhost` when none. */
export function domainOf(address: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address.trim());
  return m ? m[1].toLowerCase() : 'localhost';
}

/**
 * A stable Message-ID for an idempotency id: `<justera.` + 32 hex of SHA-256(id) + `@domain>`.
 * The same job retried sends a mail with the same Message-ID, so receiving systems can
 * recognise the duplicate.
 */
export function stableMessageId(id: string, domain: string): string {
  if (!id) throw new MailMessageError('Empty idempotency id');
  if (!/^[A-Za-z0-9.-]+$/.test(domain)) throw new MailMessageError(`Bad Message-ID domain: ${domain}`);
  const hash = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32);
  return `<justera.${hash}@${domain}>`;
}

const HEADER_NAME = /^[!-9;-~]+$/; // RFC 5322 ftext: printable ASCII except ':'
const RESERVED = new Set(['from', 'to', 'cc', 'bcc', 'subject', 'message-id', 'date', 'content-type', 'mime-version', 'reply-to']);

/** Checks a message before any transport touches it. */
export function checkMessage(msg: MailMessage): void {
  const to = Array.isArray(msg.to) ? msg.to : [msg.to];
  if (to.length === 0 || to.some((t) => !t || !t.includes('@'))) throw new MailMessageError('Missing or invalid recipient');
  for (const v of [...to, msg.subject, msg.replyTo ?? '']) {
    if (/[\r\n]/.test(v)) throw new MailMessageError('Line break in a header value');
  }
  for (const [name, value] of Object.entries(msg.headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw new MailMessageError(`Bad header name: ${JSON.stringify(name)}`);
    if (RESERVED.has(name.toLowerCase())) throw new MailMessageError(`Header ${name} is set by the transport`);
    if (/[\r\n]/.test(value)) throw new MailMessageError(`Line break in header ${name}`);
  }
}

/** Headers every mail from Justera carries (RFC 3834: do not auto-reply to automatic mail). */
export const DEFAULT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
});

/** The nodemailer message options shared by the SMTP and outbox transports (identical mails). */
export function toNodemailerOptions(msg: MailMessage, from: string, messageIdDomain: string): {
  from: string;
  to: string | string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  messageId?: string;
} {
  checkMessage(msg);
  return {
    from,
    to: msg.to,
    ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    headers: { ...DEFAULT_HEADERS, ...(msg.headers ?? {}) },
    ...(msg.id !== undefined ? { messageId: stableMessageId(msg.id, messageIdDomain) } : {}),
  };
}

/** A MailMessage from a rendered template plus its envelope. */
export function mailFromTemplate(
  rendered: { subject: string; text: string; html: string },
  envelope: { to: string | string[]; id?: string; replyTo?: string; headers?: Record<string, string> },
): MailMessage {
  return { ...envelope, subject: rendered.subject, text: rendered.text, html: rendered.html };
}

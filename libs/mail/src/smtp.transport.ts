/**
 * SMTP delivery through nodemailer, configured by one URL:
 *   smtp://user:pass@host:587    plain connection, upgraded with STARTTLS when the server offers it
 *   smtps://user:pass@host:465   TLS from the first byte
 * Query options: requireTLS=true (refuse to send without STARTTLS), ignoreTLS=true (never
 * STARTTLS; local test servers only), tls.rejectUnauthorized=false (self-signed test servers
 * only), name=HOST (the EHLO name), pool=true (reuse connections).
 */
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { domainOf, MailMessage, MailTransport, SendResult, toNodemailerOptions } from './message';

export class SmtpConfigError extends Error {
  readonly code = 'SMTP_CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SmtpConfigError';
  }
}

export interface SmtpOptions {
  host: string;
  port?: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  requireTLS?: boolean;
  ignoreTLS?: boolean;
  name?: string;
  pool?: boolean;
  tls?: { rejectUnauthorized: boolean };
}

const BOOL_PARAMS = ['requireTLS', 'ignoreTLS', 'pool', 'tls.rejectUnauthorized'] as const;

function bool(name: string, v: string): boolean {
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new SmtpConfigError(`SMTP_URL: ${name} must be true or false`);
}

/** Parses SMTP_URL into nodemailer options; throws SmtpConfigError (never echoing the password). */
export function parseSmtpUrl(smtpUrl: string): SmtpOptions {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new SmtpConfigError('SMTP_URL is not a URL (expected smtp://user:pass@host:port or smtps://…)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new SmtpConfigError(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw new SmtpConfigError('SMTP_URL has no host');
  const opts: SmtpOptions = { host: url.hostname.replace(/^\[|\]$/g, ''), secure: url.protocol === 'smtps:' };
  if (url.port) opts.port = Number(url.port);
  if (url.username || url.password) {
    opts.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  }
  for (const [key, value] of url.searchParams) {
    if ((BOOL_PARAMS as readonly string[]).includes(key)) {
      const b = bool(key, value);
      if (key === 'tls.rejectUnauthorized') opts.tls = { rejectUnauthorized: b };
      else opts[key as 'requireTLS' | 'ignoreTLS' | 'pool'] = b;
    } else if (key === 'name') {
      opts.name = value;
    } else {
      throw new SmtpConfigError(`SMTP_URL: unknown option ${key}`);
    }
  }
  if (opts.requireTLS && opts.ignoreTLS) throw new SmtpConfigError('SMTP_URL: requireTLS and ignoreTLS exclude each other');
  return opts;
}

/** SMTP_URL with the password replaced, for logs. */
export function redactSmtpUrl(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(ogiltig SMTP_URL)';
  }
}

export interface SmtpTransportOptions {
  smtpUrl: string;
  /** The From address, e.g. `Justera <justera@kommun.se>` (MAIL_FROM). */
  from: string;
  /** Domain of generated Message-IDs; default the domain of `from`. */
  messageIdDomain?: string;
  /** Connection timeouts in ms (default 30 s). */
  timeoutMs?: number;
}

export class SmtpMailTransport implements MailTransport {
  private readonly transporter: ReturnType<typeof createTransport>;
  private readonly messageIdDomain: string;

  constructor(private readonly options: SmtpTransportOptions) {
    const smtp = parseSmtpUrl(options.smtpUrl);
    const timeout = options.timeoutMs ?? 30_000;
    this.transporter = createTransport({
      ...smtp,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    this.messageIdDomain = options.messageIdDomain ?? domainOf(options.from);
  }

  async send(msg: MailMessage): Promise<SendResult> {
    const opts = toNodemailerOptions(msg, this.options.from, this.messageIdDomain);
    // Without an idempotency id every send is a new mail; give it a fresh id in our domain.
    if (!opts.messageId) opts.messageId = `<justera.${randomUUID()}@${this.messageIdDomain}>`;
    const info = await this.transporter.sendMail(opts);
    return { messageId: info.messageId ?? opts.messageId };
  }

  /** Checks the connection and credentials (for a health check or `cli mail-check`). */
  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

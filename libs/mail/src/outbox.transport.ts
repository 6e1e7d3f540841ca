/**
 * The development outbox: when SMTP_URL is unset, mails are stored under a directory (default
 * ./data/outbox) instead of being sent, so /dev/outbox and demo scripts can read them.
 *
 * Each mail is two files named by its outbox id: `<id>.eml` (the exact RFC 5322 message nodemailer
 * would have sent) and `<id>.json` (an {@link OutboxMail} record). Both are written to a temporary
 * file first and then hard-linked into place, which is atomic and fails when the name exists, so a
 * second send with the same idempotency id stores nothing new and returns the first Message-ID.
 * The .json is linked last: a mail is listed only when both files are complete.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { domainOf, MailMessage, MailTransport, SendResult, toNodemailerOptions } from './message';

export interface OutboxMail {
  /** Outbox id: 32 hex characters (derived from the idempotency id when there is one). */
  id: string;
  /** The MailMessage id (idempotency id), when given. */
  idempotencyId?: string;
  messageId: string;
  /** ISO timestamp of storing. */
  createdAt: string;
  from: string;
  to: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Every http(s) link in the plain-text part, in order (for demo scripts and tests). */
  links: string[];
  /** File name of the .eml beside the record. */
  eml: string;
}

export interface OutboxTransportOptions {
  /** Directory of the outbox (created when missing). */
  dir: string;
  from: string;
  messageIdDomain?: string;
  /** Clock, for tests. */
  now?: () => Date;
}

const ID_RE = /^[a-f0-9]{32}$/;

/** Default directory: ./data/outbox under the working directory. */
export const DEFAULT_OUTBOX_DIR = join('data', 'outbox');

/** http(s) URLs in a text, trailing punctuation removed. */
export function extractLinks(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/https?:\/\/[^\s<>"')]+/g)) out.push(m[0].replace(/[.,;:!?]+$/, ''));
  return out;
}

function outboxIdFor(idempotencyId: string | undefined): string {
  const seed = idempotencyId ?? randomUUID();
  return createHash('sha256').update(`outbox:${seed}`, 'utf8').digest('hex').slice(0, 32);
}

async function linkExclusive(dir: string, name: string, data: string | Buffer): Promise<boolean> {
  const tmp = join(dir, `.tmp-${process.pid}-${randomUUID()}`);
  await fs.writeFile(tmp, data, { flag: 'wx' });
  try {
    await fs.link(tmp, join(dir, name));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

export class OutboxMailTransport implements MailTransport {
  private readonly composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  private readonly messageIdDomain: string;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: OutboxTransportOptions) {
    this.messageIdDomain = options.messageIdDomain ?? domainOf(options.from);
  }

  get dir(): string {
    return this.options.dir;
  }

  private ensureDir(): Promise<void> {
    this.ready ??= fs.mkdir(this.options.dir, { recursive: true }).then(() => undefined);
    return this.ready;
  }

  async send(msg: MailMessage): Promise<SendResult> {
    const id = outboxIdFor(msg.id);
    const opts = toNodemailerOptions(msg, this.options.from, this.messageIdDomain);
    if (!opts.messageId) opts.messageId = `<justera.${randomUUID()}@${this.messageIdDomain}>`;
    await this.ensureDir();

    const existing = await this.get(id);
    if (existing) return { messageId: existing.messageId };

    const info = await this.composer.sendMail(opts);
    const eml = info.message as Buffer;
    const record: OutboxMail = {
      id,
      ...(msg.id !== undefined ? { idempotencyId: msg.id } : {}),
      messageId: opts.messageId,
      createdAt: (this.options.now?.() ?? new Date()).toISOString(),
      from: this.options.from,
      to: Array.isArray(msg.to) ? [...msg.to] : [msg.to],
      ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      headers: opts.headers,
      links: extractLinks(msg.text),
      eml: `${id}.eml`,
    };
    await linkExclusive(this.options.dir, `${id}.eml`, eml);
    const stored = await linkExclusive(this.options.dir, `${id}.json`, `${JSON.stringify(record, null, 2)}\n`);
    if (!stored) {
      // A concurrent send of the same id won the race: report its Message-ID (the same by construction).
      const winner = await this.get(id);
      return { messageId: winner?.messageId ?? opts.messageId };
    }
    return { messageId: opts.messageId };
  }

  /** Every stored mail, newest first (ties by id, for a stable order). */
  async list(): Promise<OutboxMail[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.options.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((n) => ID_RE.test(n));
    const mails = (await Promise.all(ids.map((id) => this.get(id)))).filter((m): m is OutboxMail => m !== undefined);
    return mails.sort((a, b) => (a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? 1 : -1));
  }

  /** One stored mail by outbox id; undefined when absent or when `id` is not an outbox id. */
  async get(id: string): Promise<OutboxMail | undefined> {
    if (!ID_RE.test(id)) return undefined;
    try {
      return JSON.parse(await fs.readFile(join(this.options.dir, `${id}.json`), 'utf8')) as OutboxMail;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** The raw .eml of a stored mail. */
  async getEml(id: string): Promise<Buffer | undefined> {
    if (!ID_RE.test(id)) return undefined;
    try {
      return await fs.readFile(join(this.options.dir, `${id}.eml`));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** The outbox id a given idempotency id is stored under. */
  static idFor(idempotencyId: string): string {
    return outboxIdFor(idempotencyId);
  }

  async close(): Promise<void> {
    this.composer.close();
  }
}

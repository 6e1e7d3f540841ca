import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as the sink received it, with the time it arrived. */
export interface SinkMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  at: number;
}

/**
 * A real SMTP server on loopback (the smtp-server library the e2e tests' TestSmtpServer uses) that
 * keeps every mail with its arrival time, wakes whoever waits for a mail to an address, and can go
 * "down": during an outage it answers every new connection 421 and closes it, as a mail relay that
 * is unavailable does.
 */
export class SmtpSink {
  readonly mails: SinkMail[] = [];
  private readonly byAddress = new Map<string, SinkMail[]>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private server?: SMTPServer;
  private down = false;
  /** Connections refused while down. */
  refused = 0;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 50 * 1024 * 1024,
      onConnect: (_session, callback) => {
        if (!this.down) return callback();
        this.refused++;
        const err = new Error('Service not available (outage)') as Error & { responseCode: number };
        err.responseCode = 421;
        callback(err);
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((m) => {
            const to = (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((t) =>
              t.value.map((v) => (v.address ?? '').toLowerCase()),
            );
            const mail: SinkMail = { to, subject: m.subject ?? '', text: m.text ?? '', messageId: m.messageId ?? '', at: Date.now() };
            this.mails.push(mail);
            for (const a of to) {
              const list = this.byAddress.get(a) ?? [];
              list.push(mail);
              this.byAddress.set(a, list);
              const w = this.waiters.get(a);
              this.waiters.delete(a);
              for (const wake of w ?? []) wake();
            }
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Refuse (421 and close) every new connection until `up()`. */
  outage(): void {
    this.down = true;
  }

  up(): void {
    this.down = false;
  }

  to(address: string): SinkMail[] {
    return this.byAddress.get(address.toLowerCase()) ?? [];
  }

  /** The first mail to `address` whose subject starts with `subject` (waits for it up to `timeoutMs`). */
  async waitFor(address: string, subject: string, timeoutMs: number): Promise<SinkMail> {
    const key = address.toLowerCase();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.to(key).find((m) => m.subject.startsWith(subject));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no mail "${subject}" to ${address} within ${Math.round(timeoutMs / 1000)} s`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 5000));
        const list = this.waiters.get(key) ?? [];
        list.push(() => {
          clearTimeout(t);
          resolve();
        });
        this.waiters.set(key, list);
      });
    }
  }

  async stop(): Promise<void> {
    // close() waits for open connections (a pooling client may keep one): give it 2 s.
    await Promise.race([
      new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve())),
      new Promise((r) => setTimeout(r, 2000).unref()),
    ]);
  }
}

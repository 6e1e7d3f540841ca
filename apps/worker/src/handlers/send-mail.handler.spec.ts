import { sealText } from '@justera/auth';
import type { AppConfig } from '@justera/config';
import type { MailMessage, MailTransport } from '@justera/mail';
import { MailClaim, MailDeliveriesRepository, MailDeliveryEntity, redactLinks } from '@justera/persistence';
import { mailBodyContext } from '@justera/queue';
import { SendMailHandler, UNOPENABLE_BODY } from './send-mail.handler';

/** The repository port over one in-memory row (the PostgreSQL side is covered by the e2e suites). */
class OneRow extends MailDeliveriesRepository {
  constructor(public row: MailDeliveryEntity) {
    super();
  }
  find() {
    return Promise.resolve(this.row);
  }
  claim(): Promise<MailClaim> {
    if (this.row.status !== 'queued') return Promise.resolve({ status: 'busy' });
    this.row = { ...this.row, status: 'sending', attempts: this.row.attempts + 1 };
    return Promise.resolve({ status: 'claimed', delivery: this.row });
  }
  markSent(_id: string, messageId: string, at: Date, sent?: { text: string; html: string }) {
    this.row = { ...this.row, status: 'sent', messageId, sentAt: at, textBody: redactLinks(sent!.text), htmlBody: redactLinks(sent!.html) };
    return Promise.resolve();
  }
  markAttemptFailed(_id: string, error: string, final: boolean) {
    this.row = { ...this.row, status: final ? 'failed' : 'queued', lastError: error };
    return Promise.resolve();
  }
}

const SECRET = 'worker-spec-secret-0123456789abcdefghijklmn';
const link = 'https://justera.test/sign/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd';

function setup(sealedWith: string) {
  const id = '7b0c6f0e-5b6a-4d54-9a53-0d8b3c1e2f10';
  const row = new OneRow({
    id,
    organisationId: null,
    kind: 'justering.invitation',
    toAddress: 'ordf@test.example',
    subject: 'Justera protokollet',
    textBody: sealText(sealedWith, `Öppna ${link}`, mailBodyContext(id, 'text')),
    htmlBody: sealText(sealedWith, `<a href="${link}">Öppna</a>`, mailBodyContext(id, 'html')),
    status: 'queued',
    messageId: null,
    attempts: 0,
    lastError: null,
    createdAt: new Date(),
    claimedAt: null,
    sentAt: null,
  });
  const sent: MailMessage[] = [];
  const transport = { send: (m: MailMessage) => (sent.push(m), Promise.resolve({ messageId: '<m@test>' })), close: () => Promise.resolve() } as MailTransport;
  const handler = new SendMailHandler(row, transport, { secret: SECRET } as AppConfig);
  return { row, sent, run: () => handler.handle({ deliveryId: id }, { attempt: 1 }) };
}

describe(SendMailHandler.name, () => {
  it('opens the sealed body to send it, and keeps it afterwards without the link', async () => {
    const { row, sent, run } = setup(SECRET);
    expect(await run()).toMatchObject({ status: 'done' });
    expect(sent[0]!.text).toContain(link);
    expect(row.row.status).toBe('sent');
    expect(row.row.textBody).not.toContain(link);
  });

  it('gives up at once, saying why, on a body sealed under another JUSTERA_SECRET (rotated meanwhile)', async () => {
    const { row, sent, run } = setup(`${SECRET}-before-rotation`);
    expect(await run()).toEqual({ status: 'skipped', detail: UNOPENABLE_BODY });
    expect(sent).toEqual([]);
    expect(row.row).toMatchObject({ status: 'failed', lastError: UNOPENABLE_BODY });
  });

  it('releases the claim after an SMTP failure even when the first release meets a restarting database', async () => {
    const { row } = setup(SECRET);
    let releases = 0;
    const release = row.markAttemptFailed.bind(row);
    row.markAttemptFailed = (...args: Parameters<OneRow['markAttemptFailed']>) =>
      ++releases === 1 ? Promise.reject(new Error('Connection terminated unexpectedly')) : release(...args);
    const refusing = { send: () => Promise.reject(new Error('connect ECONNREFUSED')), close: () => Promise.resolve() } as MailTransport;
    const handler = new SendMailHandler(row, refusing, { secret: SECRET } as AppConfig);
    await expect(handler.handle({ deliveryId: row.row.id }, { attempt: 1 })).rejects.toThrow('ECONNREFUSED');
    expect(releases).toBe(2);
    expect(row.row).toMatchObject({ status: 'queued', lastError: 'connect ECONNREFUSED' });
  });
});

import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { stableMessageId } from './message';
import { extractLinks, OutboxMailTransport } from './outbox.transport';
import { createMailTransport } from './transport.factory';
import { SmtpMailTransport } from './smtp.transport';

describe(OutboxMailTransport.name, () => {
  let dir: string;
  let clock: number;
  let outbox: OutboxMailTransport;

  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'justera-outbox-'));
    clock = Date.parse('2025-12-10T09:00:00Z');
    outbox = new OutboxMailTransport({ dir: join(dir, 'outbox'), from: 'Justera <justera@kommun.se>', now: () => new Date((clock += 1000)) });
  });

  afterEach(async () => {
    await outbox.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const msg = (n: number, id?: string) => ({
    to: [`Signer ${n} <s${n}@example.se>`],
    subject: `Ämne ${n}`,
    text: `Hej!\n\nÖppna protokollet:\nhttps://justera.local/s/tok${n}.\n`,
    html: `<p>Hej ${n}</p>`,
    ...(id ? { id } : {}),
  });

  it('stores a mail as JSON and .eml, lists newest first and gets by id', async () => {
    const a = await outbox.send(msg(1, 'd-1'));
    const b = await outbox.send(msg(2, 'd-2'));
    const c = await outbox.send(msg(3));
    expect(a.messageId).toBe(stableMessageId('d-1', 'kommun.se'));

    const list = await outbox.list();
    expect(list.map((m) => m.subject)).toEqual(['Ämne 3', 'Ämne 2', 'Ämne 1']);
    expect(list.map((m) => m.messageId)).toEqual([c.messageId, b.messageId, a.messageId]);
    expect(list[2]).toMatchObject({
      id: OutboxMailTransport.idFor('d-1'),
      idempotencyId: 'd-1',
      to: ['Signer 1 <s1@example.se>'],
      from: 'Justera <justera@kommun.se>',
      links: ['https://justera.local/s/tok1'],
      createdAt: '2025-12-10T09:00:01.000Z',
    });

    const got = await outbox.get(list[2].id);
    expect(got).toEqual(list[2]);

    const eml = await outbox.getEml(list[2].id);
    expect(/[^\r]\n/.test(eml!.toString('latin1'))).toBe(false); // CRLF line ends, as sent over SMTP
    const parsed = await simpleParser(eml!);
    expect(parsed.messageId).toBe(a.messageId);
    expect(parsed.subject).toBe('Ämne 1');
    expect(parsed.text).toContain('https://justera.local/s/tok1');
    expect(parsed.html).toContain('<p>Hej 1</p>');

    const files = (await fs.readdir(join(dir, 'outbox'))).sort();
    expect(files).toHaveLength(6); // 3 × (.json + .eml), no temp files left
    expect(files.every((f) => /^[a-f0-9]{32}\.(json|eml)$/.test(f))).toBe(true);
  });

  it('stores one mail for the same idempotency id, also under concurrent sends', async () => {
    const first = await outbox.send(msg(1, 'same'));
    const again = await outbox.send({ ...msg(9, 'same') });
    const racing = await Promise.all([1, 2, 3, 4, 5].map(() => outbox.send(msg(5, 'race'))));
    expect(again.messageId).toBe(first.messageId);
    expect(new Set(racing.map((r) => r.messageId)).size).toBe(1);
    const list = await outbox.list();
    expect(list).toHaveLength(2);
    expect(list.find((m) => m.idempotencyId === 'same')?.subject).toBe('Ämne 1');
    const files = await fs.readdir(join(dir, 'outbox'));
    expect(files.filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('returns nothing for unknown or malicious ids, and an empty list before the first mail', async () => {
    expect(await outbox.list()).toEqual([]);
    expect(await outbox.get('../../etc/passwd')).toBeUndefined();
    expect(await outbox.get('0'.repeat(32))).toBeUndefined();
    expect(await outbox.getEml('..%2f')).toBeUndefined();
  });

  it('ignores half-written files (only linked .json records are listed)', async () => {
    await outbox.send(msg(1, 'x'));
    await fs.writeFile(join(dir, 'outbox', '.tmp-123-abc'), '{"broken":');
    await fs.writeFile(join(dir, 'outbox', 'notes.json'), '{}');
    expect((await outbox.list()).map((m) => m.subject)).toEqual(['Ämne 1']);
  });
});

describe(createMailTransport.name, () => {
  it('uses SMTP when SMTP_URL is set and the outbox otherwise', async () => {
    const smtp = createMailTransport({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'j@kommun.se' });
    const box = createMailTransport({ from: 'j@kommun.se', outboxDir: '/tmp/x' });
    const dflt = createMailTransport({ smtpUrl: '', from: 'j@kommun.se' });
    expect(smtp).toBeInstanceOf(SmtpMailTransport);
    expect(box).toBeInstanceOf(OutboxMailTransport);
    expect((box as OutboxMailTransport).dir).toBe('/tmp/x');
    expect((dflt as OutboxMailTransport).dir).toBe(join('data', 'outbox'));
    await smtp.close();
  });
});

describe(extractLinks.name, () => {
  it('finds http(s) links and drops trailing punctuation', () => {
    expect(extractLinks('Se https://a.se/x?y=1&z=2. Och (http://b.se/p), inte ftp://c.se')).toEqual([
      'https://a.se/x?y=1&z=2',
      'http://b.se/p',
    ]);
  });
});

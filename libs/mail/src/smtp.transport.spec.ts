import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { stableMessageId } from './message';
import { parseSmtpUrl, redactSmtpUrl, SmtpConfigError, SmtpMailTransport } from './smtp.transport';
import { signingInvitation } from './templates/justering.templates';

interface Received {
  raw: Buffer;
  parsed: ParsedMail;
  mailFrom: string;
  rcptTo: string[];
  user?: string;
}

/** A real SMTP server on a loopback port, with AUTH PLAIN/LOGIN, that keeps what it receives. */
async function startServer(secure = false): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    // smtps: implicit TLS with smtp-server's built-in self-signed test certificate.
    secure,
    disabledCommands: secure ? [] : ['STARTTLS'],
    authOptional: false,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'justera' && auth.password === 'hemligt lösen/:@') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            received.push({
              raw,
              parsed,
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              user: session.user as string | undefined,
            });
            cb();
          },
          (err: Error) => cb(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe(SmtpMailTransport.name, () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  let transport: SmtpMailTransport;

  beforeAll(async () => {
    srv = await startServer();
    const pass = encodeURIComponent('hemligt lösen/:@');
    transport = new SmtpMailTransport({
      smtpUrl: `smtp://justera:${pass}@127.0.0.1:${srv.port}?ignoreTLS=true`,
      from: 'Justera Testkommun <justera@testkommun.se>',
      timeoutMs: 5000,
    });
  });

  afterAll(async () => {
    await transport.close();
    await srv.close();
  });

  it('sends subject, text, html and a stable Message-ID through a real SMTP server', async () => {
    const mail = signingInvitation({
      recipientName: 'Åsa <script>alert(1)</script> Öberg',
      role: 'ordforande',
      protocol: { organ: 'Kommunstyrelsen', meetingDate: '2025-12-10' },
      deadline: '2025-12-29',
      link: 'https://justera.testkommun.se/s/abc123?x=1&y=2',
    });
    const res = await transport.send({ to: 'Åsa Öberg <asa@example.se>', ...mail, id: 'delivery-42' });
    expect(res.messageId).toBe(stableMessageId('delivery-42', 'testkommun.se'));

    expect(srv.received).toHaveLength(1);
    const got = srv.received[0];
    expect(got.user).toBe('justera');
    expect(got.mailFrom).toBe('justera@testkommun.se');
    expect(got.rcptTo).toEqual(['asa@example.se']);
    expect(got.parsed.messageId).toBe(res.messageId);
    expect(got.parsed.subject).toBe('Protokoll att justera: Kommunstyrelsen 2025-12-10');
    expect(got.parsed.text).toContain('https://justera.testkommun.se/s/abc123?x=1&y=2');
    expect(got.parsed.text).toContain('måndag 29 december 2025');
    expect(got.parsed.html).toContain('href="https://justera.testkommun.se/s/abc123?x=1&amp;y=2"');
    expect(got.parsed.html).toContain('&lt;script&gt;');
    expect(got.parsed.html).not.toContain('<script>');
    expect(got.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('reuses the Message-ID when the same job is retried, and makes a new one without an id', async () => {
    const msg = { to: 'a@example.se', subject: 'Påminnelse', text: 'x https://e.se/1', html: '<p>x</p>', id: 'delivery-7' };
    const a = await transport.send(msg);
    const b = await transport.send(msg);
    const c = await transport.send({ ...msg, id: undefined });
    const d = await transport.send({ ...msg, id: undefined });
    expect(a.messageId).toBe(b.messageId);
    expect(c.messageId).not.toBe(d.messageId);
    const ids = srv.received.slice(-4).map((r) => r.parsed.messageId);
    expect(ids).toEqual([a.messageId, a.messageId, c.messageId, d.messageId]);
    expect(srv.received.slice(-4)[0].parsed.subject).toBe('Påminnelse');
  });

  it('fails on wrong credentials', async () => {
    const bad = new SmtpMailTransport({
      smtpUrl: `smtp://justera:fel@127.0.0.1:${srv.port}?ignoreTLS=true`,
      from: 'justera@testkommun.se',
      timeoutMs: 5000,
    });
    try {
      await expect(bad.send({ to: 'a@example.se', subject: 's', text: 't', html: '<p>t</p>' })).rejects.toThrow();
    } finally {
      await bad.close();
    }
  });

  it('sends over smtps:// (implicit TLS)', async () => {
    const tlsServer = await startServer(true);
    const pass = encodeURIComponent('hemligt lösen/:@');
    const t = new SmtpMailTransport({
      smtpUrl: `smtps://justera:${pass}@127.0.0.1:${tlsServer.port}?tls.rejectUnauthorized=false`,
      from: 'justera@testkommun.se',
      timeoutMs: 5000,
    });
    try {
      const res = await t.send({ to: 'b@example.se', subject: 'Över TLS', text: 'https://e.se/2', html: '<p>2</p>', id: 'tls-1' });
      expect(tlsServer.received).toHaveLength(1);
      expect(tlsServer.received[0].parsed.subject).toBe('Över TLS');
      expect(tlsServer.received[0].parsed.messageId).toBe(res.messageId);
    } finally {
      await t.close();
      await tlsServer.close();
    }
  });

  it('refuses header injection before touching the network', async () => {
    await expect(
      transport.send({ to: 'a@example.se', subject: 'hej\r\nBcc: evil@example.com', text: 't', html: 't' }),
    ).rejects.toThrow(/Line break/);
    await expect(transport.send({ to: 'a@example.se', subject: 's', text: 't', html: 't', headers: { 'Message-ID': '<x@y>' } })).rejects.toThrow(
      /set by the transport/,
    );
  });
});

describe(parseSmtpUrl.name, () => {
  it.each([
    ['smtp://mail.kommun.se', { host: 'mail.kommun.se', secure: false }],
    ['smtps://u:p@mail.kommun.se:465', { host: 'mail.kommun.se', port: 465, secure: true, auth: { user: 'u', pass: 'p' } }],
    [
      'smtp://user%40kommun.se:p%2Fw@mail.kommun.se:587?requireTLS=true&name=justera.kommun.se',
      { host: 'mail.kommun.se', port: 587, secure: false, auth: { user: 'user@kommun.se', pass: 'p/w' }, requireTLS: true, name: 'justera.kommun.se' },
    ],
    ['smtp://localhost:1025?ignoreTLS=true&tls.rejectUnauthorized=false', { host: 'localhost', port: 1025, secure: false, ignoreTLS: true, tls: { rejectUnauthorized: false } }],
  ])('parses %s', (url, expected) => {
    expect(parseSmtpUrl(url)).toEqual(expected);
  });

  it.each(['http://mail.kommun.se', 'mail.kommun.se', 'smtp://h?unknown=1', 'smtp://h?requireTLS=ja', 'smtp://h?requireTLS=true&ignoreTLS=true'])(
    'rejects %s',
    (url) => {
      expect(() => parseSmtpUrl(url)).toThrow(SmtpConfigError);
    },
  );

  it('never echoes the password', () => {
    expect(redactSmtpUrl('smtps://u:topsecret@h:465')).toBe('smtps://u:***@h:465');
    try {
      parseSmtpUrl('smtp://u:topsecret@h?x=1');
    } catch (e) {
      expect(String(e)).not.toContain('topsecret');
    }
  });
});

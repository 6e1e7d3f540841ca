/**
 * Issue 6 through issue 4's workflow: the last signature of a justering (sent from the e-mailed
 * links) posts the notice; an omedelbar justering of one paragraph gets its own notice before the
 * whole protocol's. Real clock: the notice goes up today (Swedish date).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ParsedMail } from 'mailparser';
import Parser from 'rss-parser';
import type { DataSource } from 'typeorm';
import { isoDateInTimeZone, lastAppealDay, takeDownDate } from '@justera/legal-dates';
import { request } from '../support/http';
import { AppProcess, ROOT, appEnv, freePort, waitFor } from '../support/processes';
import { TestSmtpServer } from '../support/smtp';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);
const run = promisify(execFile);

interface Notice { id: string; type: string; storedState: string; paragraphs: string | null; postedDate: string; lastAppealDay: string; takeDownDate: string; justeradDate: string; roundId: string; pdfUrl: string | null; noticeUrl: string; bevisDocumentId: string | null; fieldsStatus: string | null; protocolSha256: string }

describe('anslag after a real justering (api + worker, SMTP)', () => {
  let ds: DataSource;
  let smtp: TestSmtpServer;
  let api: AppProcess;
  let worker: AppProcess;
  let base: string;
  let t: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Justeringskommun');
    smtp = await new TestSmtpServer().start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = appEnv({ PORT: String(port), SMTP_URL: smtp.url, PUBLIC_URL: base, MAIL_FROM: 'Justera <justera@test.example>' });
    api = new AppProcess('api', env).start();
    worker = new AppProcess('worker', env).start();
    await waitFor('api health', async () => (await request(base, 'GET', '/health')).status === 200, 30_000);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await smtp?.stop();
    await ds?.destroy();
  });

  const mail = (to: string, subject: string, n = 1): Promise<ParsedMail> =>
    waitFor(`mail ${n} "${subject}" to ${to}`, async () => smtp.to(to).filter((m) => m.subject?.startsWith(subject))[n - 1], 30_000);
  const linkOf = (m: ParsedMail) => (m.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)![0];
  async function sign(link: string) {
    const page = await (await fetch(link)).text();
    const sha = page.match(/name="sha256" value="([0-9a-f]{64})"/)?.[1] ?? '';
    const r = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'sign', confirm: 'ja', sha256: sha }).toString(), redirect: 'manual' });
    expect(r.status).toBe(200);
  }
  async function justera(protocolId: string, body: Record<string, unknown>, n: number) {
    const s = randomBytes(4).toString('hex');
    const people = [
      { role: 'sekreterare', name: 'Thomas Norgren', email: `sek-${s}@test.example` },
      { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-${s}@test.example` },
      { role: 'justerare', name: 'Åsa Öberg', email: `jus-${s}@test.example` },
    ];
    const r = await request<{ rounds: { id: string }[] }>(base, 'POST', `/api/protocols/${protocolId}/justering`, { apiKey: t.sekA.apiKey, json: { ...body, signatories: people } });
    if (r.status !== 201) throw new Error(`start: ${r.status} ${r.text}`);
    for (const p of people) await sign(linkOf(await mail(p.email, 'Protokoll att justera')));
    return n;
  }
  const noticesOf = async (protocolId: string) => (await request<Notice[]>(base, 'GET', `/api/anslag/notices?protocolId=${protocolId}`, { apiKey: t.sekA.apiKey })).body;

  it('the last signature posts the notice: omedelbar § 630 first, then the whole protocol, each with its dates, feed items and sealed documents', async () => {
    const protocol = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8')) as { meeting: { date: string } };
    const today = isoDateInTimeZone(new Date());
    protocol.meeting.date = today;
    const created = await request<{ id: string }>(base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organA, protocol } });
    expect(created.status).toBe(201);
    const id = created.body.id;

    await justera(id, { paragraphs: [630] }, 1);
    const first = await waitFor('the omedelbar notice with its anslagsbevis', async () => (await noticesOf(id)).find((n) => n.bevisDocumentId && n.fieldsStatus), 60_000).catch((e) => {
      throw new Error(`${String(e)}\n${worker.log().slice(-5000)}`);
    });
    const lad = lastAppealDay(today);
    expect(first).toMatchObject({ type: 'Justerat protokollsutdrag', paragraphs: '§ 630', storedState: 'current', justeradDate: today, postedDate: today, lastAppealDay: lad, takeDownDate: takeDownDate(lad) });
    expect(first.fieldsStatus).not.toBe('failed');

    await justera(id, {}, 2);
    const full = await waitFor('the whole protocol notice', async () => (await noticesOf(id)).find((n) => n.type === 'Justerat protokoll' && n.bevisDocumentId && n.fieldsStatus), 60_000);
    expect(full).toMatchObject({ paragraphs: '§§ 627–638', postedDate: today, lastAppealDay: lad });
    expect(full.roundId).not.toBe(first.roundId);
    expect(full.fieldsStatus).toBe('sealed');

    // Public board and feed.
    const board = await (await fetch(`${base}/anslagstavla/${t.slug}`)).text();
    expect(board).toContain(first.noticeUrl);
    expect(board).toContain(full.noticeUrl);
    const rss = await new Parser<Record<string, unknown>, Record<string, string>>({ customFields: { item: ['justera:lastAppealDay'] } }).parseString(await (await fetch(`${base}/anslagstavla/${t.slug}/rss.xml`)).text());
    expect(rss.items.filter((i) => [first.noticeUrl, full.noticeUrl].includes(i.guid ?? '')).map((i) => i['justera:lastAppealDay'])).toEqual([lad, lad]);

    // The published PDF: the three signatures and the organisation seal over the filled ANSLAG fields.
    const dir = mkdtempSync(join(tmpdir(), 'anslag-justering-'));
    writeFileSync(join(dir, 'p.pdf'), Buffer.from(await (await fetch(full.pdfUrl!)).arrayBuffer()));
    const sig = await run('pdfsig', [join(dir, 'p.pdf')]).then((r) => r.stdout, (e: { stdout: string }) => e.stdout);
    // The signers' signatures (as many as the signer of issue 4/5 appends) and, last, the organisation
    // seal over the filled fields; every signature's bytes still verify.
    const blocks = sig.split(/Signature #\d+:/).slice(1);
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    expect(blocks[blocks.length - 1]).toMatch(/Common Name: .*stämpel/);
    for (const b of blocks) expect(b).toContain('Signature Validation: Signature is Valid.');
    expect(readFileSync(join(dir, 'p.pdf')).toString('latin1')).toContain(`(${lad})`);
  });
});

/**
 * The anslag (docs/anslag.md): a completed justering posts its notice on the public anslagstavla and in
 * the feeds (parsed by rss-parser) with the right dates; the anslagsbevis is sealed and the signed
 * PDF gets its ANSLAG fields; a controllable clock moves past the take-down date and the notice is in
 * the archive; a gemensam nämnd's appeal period runs from the latest posting; an omedelbar justering
 * gets its own notice. Most cases write the completed state to the database and enqueue the job
 * through the outbox, as the justering workflow's last transaction does; one goes through that
 * workflow itself (signing from the mailed links), for an organisation on real time.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { isoDateInTimeZone, lastAppealDay, takeDownDate } from '@justera/legal-dates';
import Parser from 'rss-parser';
import type { DataSource } from 'typeorm';
import { TestClock, enqueueJob, insertJusteratProtocol } from '../support/anslag';
import { request } from '../support/http';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);
const run = promisify(execFile);

interface NoticeDetail {
  id: string;
  type: string;
  state: string;
  storedState: string;
  paragraphs: string | null;
  postedDate: string | null;
  lastAppealDay: string | null;
  takeDownDate: string | null;
  justeradDate: string;
  awaitingPostings: boolean;
  postAt: string;
  bevisDocumentId: string | null;
  fieldsStatus: string | null;
  noticeUrl: string;
  pdfUrl: string | null;
  roundId: string;
  protocolSha256: string;
  postings: { boardId: string; boardName: string; kind: string; postedDate: string | null }[];
  events: { kind: string; detail: Record<string, unknown> }[];
}

type FeedItem = Parser.Item & Record<string, string>;
const parser = new Parser<Record<string, unknown>, FeedItem>({ customFields: { item: ['justera:postedDate', 'justera:lastAppealDay', 'justera:takeDownDate', 'justera:paragraphs'] } });

describe('anslag (api + worker, PostgreSQL, Redis, test clock)', () => {
  let ds: DataSource;
  let sys: System;
  let base: string;
  let t: Tenant;
  /** A second organisation without a test clock: real time, for the justering workflow. */
  let tj: Tenant;
  let clock: TestClock;

  const notices = async (protocolId: string) => (await request<NoticeDetail[]>(base, 'GET', `/api/anslag/notices?protocolId=${protocolId}`, { apiKey: t.admin.apiKey })).body;
  const noticeOf = (protocolId: string, what: string, ok: (n: NoticeDetail) => boolean, timeoutMs = 30_000) =>
    waitFor(
      what,
      async () => {
        const ns = await notices(protocolId);
        return Array.isArray(ns) ? ns.find(ok) : undefined;
      },
      timeoutMs,
      200,
    ).catch((e) => {
      throw new Error(`${String(e)}\n${sys.logs()}`);
    });
  const get = async (path: string) => {
    const r = await fetch(`${base}${path}`);
    return { status: r.status, text: await r.text(), type: r.headers.get('content-type') ?? '' };
  };
  const bytes = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Anslagskommun');
    clock = new TestClock(t.organisationId);
    tj = await createTenant(ds, 'Justeringskommun');
    clock.set('2026-12-02T10:05:00Z');
    sys = await startSystem();
    base = sys.base;
  });

  afterAll(async () => {
    await sys?.stop();
    clock?.clear();
    await ds?.destroy();
  });

  it('posts the notice at once, shows it on the board and in all three feeds, seals the anslagsbevis, and archives it after the take-down date', async () => {
    const p = await insertJusteratProtocol(ds, t.organisationId, t.organA, '2026-11-25');
    await enqueueJob(ds, 'anslag.post-notice', { protocolId: p.id, roundId: randomUUID(), justeradAt: '2026-12-02T09:30:00Z' });
    const n = await noticeOf(p.id, 'the notice with its documents', (x) => x.storedState === 'current' && !!x.bevisDocumentId && x.fieldsStatus !== null, 60_000);
    // Posted Wednesday 2026-12-02; three weeks later is Wednesday 2026-12-23, a working day; down the day after.
    expect(n).toMatchObject({ type: 'Justerat protokoll', justeradDate: '2026-12-02', postedDate: '2026-12-02', lastAppealDay: '2026-12-23', takeDownDate: '2026-12-24', awaitingPostings: false, fieldsStatus: 'sealed', paragraphs: '§§ 627–638' });
    expect(n.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['scheduled', 'posted', 'bevis-sealed', 'fields-sealed']));

    const board = await get(`/anslagstavla/${t.slug}`);
    expect(board.status).toBe(200);
    const current = board.text.slice(board.text.indexOf('id="aktuella"'), board.text.indexOf('id="arkiv"'));
    expect(current).toContain(n.noticeUrl);
    expect(current).toContain('<time datetime="2026-12-23">23 december 2026</time>');
    const page = await get(`/anslagstavla/${t.slug}/anslag/${n.id}`);
    for (const s of ['Sista dag att överklaga', 'Förvaringsplats för protokollet', 'Så överklagar du (laglighetsprövning)', '2 december 2026', '24 december 2026', 'anslagsbevis.pdf', 'protokoll.pdf']) expect(page.text).toContain(s);

    const rss = await get(`/anslagstavla/${t.slug}/rss.xml`);
    expect(rss.type).toContain('application/rss+xml');
    const rssFeed = await parser.parseString(rss.text);
    const item = rssFeed.items.find((i) => i.guid === n.noticeUrl)!;
    expect(item).toBeDefined();
    expect([item['justera:postedDate'], item['justera:lastAppealDay'], item['justera:takeDownDate']]).toEqual(['2026-12-02', '2026-12-23', '2026-12-24']);
    const atomFeed = await parser.parseString((await get(`/anslagstavla/${t.slug}/atom.xml`)).text);
    expect(atomFeed.items.find((i) => i.id === n.noticeUrl)?.['justera:lastAppealDay']).toBe('2026-12-23');
    const json = JSON.parse((await get(`/anslagstavla/${t.slug}/feed.json`)).text) as { version: string; items: { id: string; _justera: Record<string, string> }[] };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.find((i) => i.id === n.noticeUrl)?._justera).toMatchObject({ postedDate: '2026-12-02', lastAppealDay: '2026-12-23', takeDownDate: '2026-12-24' });

    // The anslagsbevis: sealed (pdfsig sees one signature) and states the dates.
    const dir = mkdtempSync(join(tmpdir(), 'anslag-e2e-'));
    writeFileSync(join(dir, 'bevis.pdf'), await bytes(`${n.noticeUrl}/anslagsbevis.pdf`));
    const sig = await run('pdfsig', [join(dir, 'bevis.pdf')]).then((r) => r.stdout, (e: { stdout: string }) => e.stdout);
    expect(sig).toContain('Signature #1');
    const text = (await run('pdftotext', [join(dir, 'bevis.pdf'), '-'])).stdout;
    for (const s of ['ANSLAGSBEVIS', '2026-11-25', '2026-12-02', '2026-12-23', '2026-12-24']) expect(text).toContain(s);
    expect(text.replace(/\s+/g, '')).toContain(new URL(n.noticeUrl).pathname);
    // The protocol with its ANSLAG fields filled in a sealed revision.
    const pdf = await bytes(n.pdfUrl!);
    expect(pdf.toString('latin1')).toContain('(2026-12-23)');
    writeFileSync(join(dir, 'protokoll.pdf'), pdf);
    expect((await run('qpdf', ['--check', join(dir, 'protokoll.pdf')])).stdout).toContain('No syntax or stream encoding errors');

    // The clock passes the take-down date: the board already lists it in the archive; the reconcile job archives it for good.
    clock.set('2026-12-24T00:30:00+01:00');
    const later = await get(`/anslagstavla/${t.slug}`);
    expect(later.text.slice(later.text.indexOf('id="arkiv"'))).toContain(n.noticeUrl);
    expect(later.text.slice(later.text.indexOf('id="aktuella"'), later.text.indexOf('id="arkiv"'))).not.toContain(n.noticeUrl);
    await enqueueJob(ds, 'anslag.reconcile', {});
    const archived = await noticeOf(p.id, 'the notice archived', (x) => x.storedState === 'archived');
    const down = archived.events.find((e) => e.kind === 'taken-down');
    expect(down?.detail).toMatchObject({ takeDownDate: '2026-12-24', at: '2026-12-23T23:30:00.000Z' });
    const rssAfter = await parser.parseString((await get(`/anslagstavla/${t.slug}/rss.xml`)).text);
    expect(rssAfter.items.find((i) => i.guid === n.noticeUrl)).toBeUndefined();
    const archivedPage = (await get(`/anslagstavla/${t.slug}/anslag/${n.id}`)).text;
    expect(archivedPage).toContain('Anslaget är nedtaget.');
    expect(archivedPage).toContain('Nedtaget av Justera <time datetime="2026-12-23T23:30:00.000Z">24 december 2026 kl. 00:30</time>');
  });

  it('gemensam nämnd: posts on the next working day at the configured hour, and runs the appeal period from the latest board', async () => {
    const own = await request<{ id: string }>(base, 'POST', `/api/organs/${t.organB}/anslag/boards`, {
      apiKey: t.admin.apiKey,
      json: { name: 'Anslagstavlan i Justera', kind: 'justera', postingMode: 'nextWorkingDayAt', postingHour: 9, contact: 'namnden@test.example' },
    });
    expect(own.status).toBe(201);
    const orsa = await request<{ id: string }>(base, 'POST', `/api/organs/${t.organB}/anslag/boards`, { apiKey: t.admin.apiKey, json: { name: 'Orsa kommuns anslagstavla', kind: 'external', url: 'https://orsa.example/anslag' } });
    expect(orsa.status).toBe(201);
    expect((await request(base, 'POST', `/api/organs/${t.organB}/anslag/boards`, { apiKey: t.sekA.apiKey, json: { name: 'x', kind: 'external' } })).status).toBe(403);

    // Justerad Friday 2027-02-05 at 14:00: the notice goes up Monday 2027-02-08 at 09:00 Swedish time.
    clock.set('2027-02-05T13:10:00Z');
    const p = await insertJusteratProtocol(ds, t.organisationId, t.organB, '2027-01-28', 'gemensam-namnd-2020-02-14');
    await enqueueJob(ds, 'anslag.post-notice', { protocolId: p.id, roundId: randomUUID(), justeradAt: '2027-02-05T13:00:00Z' });
    const scheduled = await noticeOf(p.id, 'the scheduled notice', (x) => x.storedState === 'scheduled');
    expect(scheduled.postAt).toBe('2027-02-08T08:00:00.000Z');
    expect((await get(`/anslagstavla/${t.slug}`)).text).not.toContain(scheduled.id);
    expect((await get(`/anslagstavla/${t.slug}/anslag/${scheduled.id}`)).status).toBe(404);

    clock.set('2027-02-08T08:01:00Z');
    await enqueueJob(ds, 'anslag.reconcile', {});
    const posted = await noticeOf(p.id, 'the notice posted on Monday', (x) => x.storedState === 'current');
    expect(posted).toMatchObject({ postedDate: '2027-02-08', lastAppealDay: '2027-03-01', awaitingPostings: true, bevisDocumentId: null });
    expect((await get(`/anslagstavla/${t.slug}/anslag/${posted.id}`)).text).toContain('ännu inte registrerat');

    const orsaPosting = posted.postings.find((x) => x.boardName === 'Orsa kommuns anslagstavla')!;
    expect((await request(base, 'POST', `/api/anslag/notices/${posted.id}/postings`, { apiKey: t.admin.apiKey, json: { boardId: orsaPosting.boardId, postedDate: '2027-02-10' } })).status).toBe(400);
    expect((await request(base, 'POST', `/api/anslag/notices/${posted.id}/postings`, { apiKey: t.admin.apiKey, json: { boardId: orsaPosting.boardId, postedDate: '2027-02-04' } })).status).toBe(400);
    clock.set('2027-02-09T10:00:00Z');
    const rec = await request<NoticeDetail>(base, 'POST', `/api/anslag/notices/${posted.id}/postings`, { apiKey: t.admin.apiKey, json: { boardId: orsaPosting.boardId, postedDate: '2027-02-09' } });
    expect(rec.status).toBe(201);
    // The latest posting (Tuesday 02-09) starts the three weeks: Tuesday 2027-03-02.
    expect(rec.body).toMatchObject({ postedDate: '2027-02-09', lastAppealDay: '2027-03-02', takeDownDate: '2027-03-03', awaitingPostings: false });
    expect((await request(base, 'POST', `/api/anslag/notices/${posted.id}/postings`, { apiKey: t.admin.apiKey, json: { boardId: orsaPosting.boardId, postedDate: '2027-02-08' } })).status).toBe(409);

    const done = await noticeOf(p.id, 'the anslagsbevis of the gemensam nämnd', (x) => !!x.bevisDocumentId);
    expect(done.postings.map((x) => [x.boardName, x.postedDate])).toEqual(
      expect.arrayContaining([
        ['Anslagstavlan i Justera', '2027-02-08'],
        ['Orsa kommuns anslagstavla', '2027-02-09'],
      ]),
    );
    const bevisText = await (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'anslag-e2e-'));
      writeFileSync(join(dir, 'b.pdf'), await bytes(`${done.noticeUrl}/anslagsbevis.pdf`));
      return (await run('pdftotext', [join(dir, 'b.pdf'), '-'])).stdout;
    })();
    for (const s of ['Orsa kommuns', '2027-02-08', '2027-02-09', '2027-03-02']) expect(bevisText).toContain(s);
    const json = JSON.parse((await get(`/anslagstavla/${t.slug}/feed.json`)).text) as { items: { id: string; _justera: Record<string, string> }[] };
    expect(json.items.find((i) => i.id === done.noticeUrl)?._justera).toMatchObject({ postedDate: '2027-02-09', lastAppealDay: '2027-03-02', contact: 'namnden@test.example' });
  });

  it('omedelbar justering: the chosen paragraphs get their own notice, before and beside the full protocol', async () => {
    clock.set('2027-04-06T12:00:00Z');
    const p = await insertJusteratProtocol(ds, t.organisationId, t.organA, '2027-04-06');
    await enqueueJob(ds, 'anslag.post-notice', { protocolId: p.id, roundId: randomUUID(), justeradAt: '2027-04-06T11:00:00Z', paragraphs: [630] });
    const first = await noticeOf(p.id, 'the omedelbar notice', (x) => x.storedState === 'current');
    expect(first).toMatchObject({ type: 'Justerat protokollsutdrag', paragraphs: '§ 630', postedDate: '2027-04-06', lastAppealDay: '2027-04-27' });

    clock.set('2027-04-13T12:00:00Z');
    await enqueueJob(ds, 'anslag.post-notice', { protocolId: p.id, roundId: randomUUID(), justeradAt: '2027-04-13T11:00:00Z' });
    const full = await noticeOf(p.id, 'the full protocol notice', (x) => x.type === 'Justerat protokoll' && x.storedState === 'current');
    expect(full).toMatchObject({ paragraphs: '§§ 627–638', postedDate: '2027-04-13', lastAppealDay: '2027-05-04' });
    const rss = await parser.parseString((await get(`/anslagstavla/${t.slug}/rss.xml`)).text);
    expect(rss.items.find((i) => i.guid === first.noticeUrl)?.['justera:paragraphs']).toBe('§ 630');
    expect(rss.items.find((i) => i.guid === full.noticeUrl)?.['justera:lastAppealDay']).toBe('2027-05-04');

    // The same job again (a retry or a duplicate) changes nothing.
    const count = (await notices(p.id)).length;
    await enqueueJob(ds, 'anslag.reconcile', {});
    await new Promise((r) => setTimeout(r, 1500));
    expect((await notices(p.id)).length).toBe(count);
  });

  it("the secretary's page records another municipality's posting with a plain form", async () => {
    const mora = await request<{ id: string }>(base, 'POST', `/api/organs/${t.organA}/anslag/boards`, { apiKey: t.admin.apiKey, json: { name: 'Mora kommuns anslagstavla', kind: 'external' } });
    expect(mora.status).toBe(201);
    clock.set('2027-06-01T10:00:00Z');
    const p = await insertJusteratProtocol(ds, t.organisationId, t.organA, '2027-05-27');
    await enqueueJob(ds, 'anslag.post-notice', { protocolId: p.id, roundId: randomUUID(), justeradAt: '2027-06-01T09:00:00Z' });
    const n = await noticeOf(p.id, 'the notice awaiting Mora', (x) => x.storedState === 'current' && x.awaitingPostings);
    const page = await request(base, 'GET', `/anslag/protokoll/${p.id}`, { apiKey: t.sekA.apiKey, headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Datum då anslaget sattes upp på Mora kommuns anslagstavla');
    clock.set('2027-06-02T10:00:00Z');
    const form = new URLSearchParams({ boardId: mora.body.id, postedDate: '2027-06-02' }).toString();
    const posted = await request(base, 'POST', `/anslag/anslag/${n.id}/uppsatt`, { apiKey: t.sekA.apiKey, body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/anslag/protokoll/${p.id}`);
    const after = (await notices(p.id))[0];
    expect(after).toMatchObject({ postedDate: '2027-06-02', lastAppealDay: '2027-06-23', awaitingPostings: false });
    expect((await request(base, 'GET', `/anslag/protokoll/${p.id}`, { apiKey: t.sekA.apiKey, headers: { accept: 'text/html' } })).text).toContain('2 juni 2027');
  });

  const mail = (to: string, subject: string, n = 1): Promise<ParsedMail> =>
    waitFor(`mail ${n} "${subject}" to ${to}`, async () => sys.smtp.to(to).filter((m) => m.subject?.startsWith(subject))[n - 1], 30_000);
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
    const r = await request<{ rounds: { id: string }[] }>(base, 'POST', `/api/protocols/${protocolId}/justering`, { apiKey: tj.sekA.apiKey, json: { ...body, signatories: people } });
    if (r.status !== 201) throw new Error(`start: ${r.status} ${r.text}`);
    for (const p of people) await sign(linkOf(await mail(p.email, 'Protokoll att justera')));
    return n;
  }
  const noticesOfJ = async (protocolId: string) => (await request<NoticeDetail[]>(base, 'GET', `/api/anslag/notices?protocolId=${protocolId}`, { apiKey: tj.sekA.apiKey })).body;

  it('the last signature posts the notice: omedelbar § 630 first, then the whole protocol, each with its dates, feed items and sealed documents', async () => {
    const protocol = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8')) as { meeting: { date: string } };
    const today = isoDateInTimeZone(new Date());
    protocol.meeting.date = today;
    const created = await request<{ id: string }>(base, 'POST', '/api/protocols', { apiKey: tj.sekA.apiKey, json: { organId: tj.organA, protocol } });
    expect(created.status).toBe(201);
    const id = created.body.id;

    await justera(id, { paragraphs: [630] }, 1);
    const first = await waitFor('the omedelbar notice with its anslagsbevis', async () => (await noticesOfJ(id)).find((n) => n.bevisDocumentId && n.fieldsStatus), 60_000).catch((e) => {
      throw new Error(`${String(e)}\n${sys.worker.log().slice(-5000)}`);
    });
    const lad = lastAppealDay(today);
    expect(first).toMatchObject({ type: 'Justerat protokollsutdrag', paragraphs: '§ 630', storedState: 'current', justeradDate: today, postedDate: today, lastAppealDay: lad, takeDownDate: takeDownDate(lad) });
    expect(first.fieldsStatus).not.toBe('failed');

    await justera(id, {}, 2);
    const full = await waitFor('the whole protocol notice', async () => (await noticesOfJ(id)).find((n) => n.type === 'Justerat protokoll' && n.bevisDocumentId && n.fieldsStatus), 60_000);
    expect(full).toMatchObject({ paragraphs: '§§ 627–638', postedDate: today, lastAppealDay: lad });
    expect(full.roundId).not.toBe(first.roundId);
    expect(full.fieldsStatus).toBe('sealed');

    // Public board and feed.
    const board = await (await fetch(`${base}/anslagstavla/${tj.slug}`)).text();
    expect(board).toContain(first.noticeUrl);
    expect(board).toContain(full.noticeUrl);
    const rss = await new Parser<Record<string, unknown>, Record<string, string>>({ customFields: { item: ['justera:lastAppealDay'] } }).parseString(await (await fetch(`${base}/anslagstavla/${tj.slug}/rss.xml`)).text());
    expect(rss.items.filter((i) => [first.noticeUrl, full.noticeUrl].includes(i.guid ?? '')).map((i) => i['justera:lastAppealDay'])).toEqual([lad, lad]);

    // The published PDF: the three signatures and the organisation seal over the filled ANSLAG fields.
    const dir = mkdtempSync(join(tmpdir(), 'anslag-justering-'));
    writeFileSync(join(dir, 'p.pdf'), Buffer.from(await (await fetch(full.pdfUrl!)).arrayBuffer()));
    const sig = await run('pdfsig', [join(dir, 'p.pdf')]).then((r) => r.stdout, (e: { stdout: string }) => e.stdout);
    // The signers' signatures (one per signatory, docs/signatures.md) and, last, the organisation
    // seal over the filled fields; every signature's bytes still verify. Each B-LTA step ends in a
    // document time-stamp, which pdfsig 22.12 cannot check (openssl ts can: test/e2e/long-term.e2e.ts).
    const all = sig.split(/Signature #\d+:/).slice(1);
    const blocks = all.filter((b) => !/Signature Field Name: Tidsstampel\d+/.test(b));
    expect(all[all.length - 1]).toMatch(/Signature Field Name: Tidsstampel\d+/);
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    expect(blocks[blocks.length - 1]).toMatch(/Common Name: .*stämpel/);
    for (const b of blocks) expect(b).toContain('Signature Validation: Signature is Valid.');
    expect(readFileSync(join(dir, 'p.pdf')).toString('latin1')).toContain(`(${lad})`);
    // § 630 was justerad on its own first: the full protocol says so under it, and only there.
    const text = (await run('pdftotext', ['-enc', 'UTF-8', join(dir, 'p.pdf'), '-'])).stdout;
    expect(text.match(/Paragrafen är justerad/g)).toHaveLength(1);
    expect(text.indexOf('Paragrafen är justerad')).toBeGreaterThan(text.lastIndexOf('§ 630'));
  });

  it('answers 404 for an unknown board or notice, and keeps the secretary API closed', async () => {
    expect((await get('/anslagstavla/finns-inte')).status).toBe(404);
    expect((await get(`/anslagstavla/${t.slug}/anslag/${randomUUID()}`)).status).toBe(404);
    expect((await request(base, 'GET', `/api/anslag/notices?protocolId=${randomUUID()}`)).status).toBe(401);
    expect((await get(`/anslagstavla/${t.slug}/overklaga`)).text).toContain('tre veckor');
  });
});

/**
 * The justering workflow (docs/justering.md) with the api and the worker as separate processes,
 * PostgreSQL, Redis and a real SMTP server in the test. Every link is taken from a received mail.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { DataSource } from 'typeorm';
import { ROOT, waitFor } from '../support/processes';
import { request } from '../support/http';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';
import { waitForCompletedRound } from '../support/justera-flow';

jest.setTimeout(120_000);

const fixture = () => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8')) as Record<string, unknown> & { meeting: { date: string } };
const today = () => new Date().toISOString().slice(0, 10);

interface Sig { id: string; role: string; name: string; email: string; state: string; turn: boolean; signedSha256: string | null; signatureMethod?: string | null }
interface Round { id: string; status: string; deadline: string; version: { number: number; sha256: string; previousSha256: string | null }; signatories: Sig[] }
interface Status { protocolStatus: string; rounds: Round[] }

describe('justering (api + worker processes, PostgreSQL, Redis, SMTP)', () => {
  let ds: DataSource;
  let sys: System;
  let base: string;
  let t: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    // A reminder "day" of 1.5 s: one reminder 1.5 s after an invitation that is not acted on.
    sys = await startSystem({ JUSTERING_DAY_MS: '1500', JUSTERING_REMINDER_FIRST_DAYS: '1', JUSTERING_REMINDER_MAX: '1' });
    base = sys.base;
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  const people = () => {
    const s = randomBytes(4).toString('hex');
    return [
      { role: 'sekreterare', name: 'Thomas Norgren', email: `sek-${s}@test.example` },
      { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-${s}@test.example` },
      { role: 'justerare', name: 'Håkan Englund', email: `jus1-${s}@test.example` },
      { role: 'justerare', name: 'Åsa Öberg', email: `jus2-${s}@test.example` },
    ];
  };

  async function createProtocol(meetingDate = today()) {
    const protocol = fixture();
    protocol.meeting.date = meetingDate;
    const r = await request<{ id: string }>(base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organA, protocol } });
    expect(r.status).toBe(201);
    return { id: r.body.id, protocol };
  }

  async function start(protocolId: string, body: Record<string, unknown>) {
    const r = await request<Status>(base, 'POST', `/api/protocols/${protocolId}/justering`, { apiKey: t.sekA.apiKey, json: body });
    if (r.status !== 201) throw new Error(`start: ${r.status} ${r.text}`);
    return r.body;
  }

  const status = async (id: string) => (await request<Status>(base, 'GET', `/api/protocols/${id}/status`, { apiKey: t.sekA.apiKey })).body;

  /** Right after the last approval the round is 'signing' (or already completed); waits for 'completed'. */
  async function completed(id: string): Promise<Status> {
    const first = await status(id);
    expect(['signing', 'completed']).toContain(first.rounds[0].status);
    return waitForCompletedRound<Status>(base, t.sekA.apiKey, id);
  }

  /** Waits for the n-th mail (1-based) to `to` whose subject starts with `subject`. */
  async function mail(to: string, subject: string, n = 1): Promise<ParsedMail> {
    return waitFor(`mail ${n} "${subject}" to ${to}`, async () => sys.smtp.to(to).filter((m) => m.subject?.startsWith(subject))[n - 1], 20_000);
  }

  function linkOf(m: ParsedMail): string {
    const found = (m.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/);
    if (!found) throw new Error(`no signing link in ${m.subject}`);
    expect(m.html).toContain(found[0]);
    return found[0];
  }

  async function open(link: string) {
    const r = await fetch(link);
    return { status: r.status, text: await r.text() };
  }

  async function signVia(link: string, extra: Record<string, string> = {}) {
    const page = await open(link);
    const sha = page.text.match(/name="sha256" value="([0-9a-f]{64})"/)?.[1] ?? '';
    const r = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'sign', confirm: 'ja', sha256: sha, ...extra }).toString(), redirect: 'manual' });
    return { status: r.status, text: await r.text() };
  }

  it('sequential: each signer is mailed at their turn, signs from the link, and the protocol becomes justerat', async () => {
    const [sek, ord, jus1, jus2] = people();
    const { id } = await createProtocol();
    const s0 = await start(id, { signatories: [jus1, ord, sek, jus2] });
    const round = s0.rounds[0];
    expect(round.signatories.map((s) => s.role)).toEqual(['sekreterare', 'ordforande', 'justerare', 'justerare']);
    expect(round.version.sha256).toMatch(/^[0-9a-f]{64}$/);

    const invite = await mail(sek.email, 'Protokoll att justera');
    expect(invite.text).toContain(round.version.sha256);
    expect(invite.text).toContain('sekreterare');
    // Only the one whose turn it is gets mail.
    expect(sys.smtp.to(ord.email)).toHaveLength(0);

    // Ordförande is reminded? No: not yet their turn. The sekreterare's page works and shows the hash.
    const page = await open(linkOf(invite));
    expect(page.status).toBe(200);
    expect(page.text).toContain(round.version.sha256);
    expect(page.text).toContain('Justera och signera');
    expect((await status(id)).rounds[0].signatories[0].state).toBe('opened');

    // Without the confirmation nothing is signed.
    const noConfirm = await fetch(linkOf(invite), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=sign' });
    expect(noConfirm.status).toBe(400);
    expect((await status(id)).rounds[0].signatories[0].state).toBe('opened');

    for (const who of [sek, ord, jus1, jus2]) {
      const m = await mail(who.email, 'Protokoll att justera');
      const r = await signVia(linkOf(m));
      expect(r.status).toBe(200);
      expect(r.text).toContain('Du har signerat');
    }
    const done = await completed(id);
    expect(done.protocolStatus).toBe('justerat');
    expect(done.rounds[0].status).toBe('completed');
    expect(done.rounds[0].signatories.every((s) => s.state === 'signed' && s.signedSha256 === round.version.sha256)).toBe(true);
    const all = await mail(sek.email, 'Protokollet är justerat');
    expect(all.text).toContain('Åsa Öberg');
    // A notice to the secretary for each other signature (ordförande, justerare 1; the last one gets the "justerat" mail).
    expect(sys.smtp.to(sek.email).filter((m) => m.text?.includes('har signerat protokollet som'))).toHaveLength(2);

    // A used link shows what was signed, not an error.
    const used = await open(linkOf(await mail(ord.email, 'Protokoll att justera')));
    expect(used.status).toBe(200);
    expect(used.text).toContain('Du har signerat');
    expect(used.text).toContain(round.version.sha256);

    // Each approval appended a PAdES signature: poppler's pdfsig finds four, each covering its revision,
    // and the document time-stamp after the DSS (B-LTA), which poppler 22.12 cannot validate.
    const pdf = await fetch(`${base}/api/protocols/${id}/justering/${round.id}/document.pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    expect(pdf.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'justering-e2e-')), 'justerat.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const sigs = execFileSync('pdfsig', ['-nocert', file], { encoding: 'utf8' });
    expect(sigs.match(/^Signature #\d+:/gm)).toHaveLength(5);
    expect(sigs.match(/Signature Field Name: Tidsstampel1/g)).toHaveLength(1);
    expect(sigs.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(4);
    for (const name of ['Thomas Norgren', 'Mikael Löthstam', 'Håkan Englund', 'Åsa Öberg']) expect(sigs).toContain(name);

    // The audit trail verifies.
    const audit = await request<{ verification: { ok: boolean; count: number }; events: { type: string }[] }>(base, 'GET', `/api/protocols/${id}/audit`, { apiKey: t.sekA.apiKey });
    expect(audit.body.verification.ok).toBe(true);
    const types = audit.body.events.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['round.created', 'version.frozen']);
    expect(types.filter((x) => x === 'signed')).toHaveLength(4);
    // The approvals were recorded at once; the worker appended each signature afterwards, under the approval's transaction id.
    expect(types.filter((x) => x === 'signature.applied')).toHaveLength(4);
    expect(types.indexOf('approved.all')).toBeLessThan(types.lastIndexOf('signature.applied'));
    // Every signature is time-stamped (no TSA_URL here: the installation's own time-stamping unit) and
    // the last one carries the long-term validation data and the document time-stamp (B-LTA).
    expect(Object.fromEntries(done.rounds[0].signatories.map((s) => [s.name, s.signatureMethod]))).toEqual({ 'Thomas Norgren': 'pades-b-t', 'Mikael Löthstam': 'pades-b-t', 'Håkan Englund': 'pades-b-t', 'Åsa Öberg': 'pades-b-t+lta' });
    expect(types).toContain('link.opened');
    expect(types[types.length - 1]).toBe('completed');
  });

  it('parallel: after the sekreterare, ordförande and justerare get their links at once; a waiting signer is reminded', async () => {
    const [sek, ord, jus1] = people();
    const { id } = await createProtocol();
    await start(id, { order: 'parallel', signatories: [sek, ord, jus1] });
    // Before the sekreterare signs, the others have no mail.
    const m0 = await mail(sek.email, 'Protokoll att justera');
    expect(sys.smtp.to(ord.email)).toHaveLength(0);
    await signVia(linkOf(m0));
    const [mo, mj] = await Promise.all([mail(ord.email, 'Protokoll att justera'), mail(jus1.email, 'Protokoll att justera')]);
    expect((await status(id)).rounds[0].signatories.filter((s) => s.turn).map((s) => s.role)).toEqual(['ordforande', 'justerare']);
    expect((await signVia(linkOf(mj))).status).toBe(200);
    // Ordförande waits: the reminder job (a test "day" is 1.5 s) sends one reminder with a working link.
    const reminder = await mail(ord.email, 'Påminnelse');
    expect(linkOf(reminder)).not.toBe(linkOf(mo));
    expect((await signVia(linkOf(reminder))).status).toBe(200);
    await completed(id);
    // The original invitation link now shows what was signed.
    expect((await open(linkOf(mo))).text).toContain('Du har signerat');
    // At most one reminder (JUSTERING_REMINDER_MAX=1).
    await new Promise((r) => setTimeout(r, 2000));
    expect(sys.smtp.to(ord.email).filter((m) => m.subject?.startsWith('Påminnelse'))).toHaveLength(1);
  });

  it('change request → new version: approvals void, everyone gets new links, old links say the document was replaced', async () => {
    const [sek, ord, jus1] = people();
    const { id, protocol } = await createProtocol();
    const s0 = await start(id, { signatories: [sek, ord, jus1] });
    const v1 = s0.rounds[0].version.sha256;
    const sekLink1 = linkOf(await mail(sek.email, 'Protokoll att justera'));
    await signVia(sekLink1);
    const ordLink1 = linkOf(await mail(ord.email, 'Protokoll att justera'));
    // A change request needs a comment.
    const empty = await fetch(ordLink1, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=change&comment=' });
    expect(empty.status).toBe(400);
    const cr = await fetch(ordLink1, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'change', comment: '§ 628: fel datum i beslutet.\nRätta till 14 mars.' }).toString() });
    expect(cr.status).toBe(200);
    const notice = await mail(sek.email, 'Ändring begärd');
    expect(notice.text).toContain('fel datum i beslutet');
    const st = await status(id);
    expect(st.rounds[0].status).toBe('change_requested');
    expect((await open(ordLink1)).status).toBe(409);

    // The secretary corrects the protocol and freezes version 2.
    (protocol as { notes?: unknown[] }).notes = [{ text: 'Rättad version.' }];
    const nv = await request<Status>(base, 'POST', `/api/protocols/${id}/justering/${s0.rounds[0].id}/versions`, { apiKey: t.sekA.apiKey, json: { protocol, reason: 'Datumet i § 628 är rättat.' } });
    if (nv.status !== 201) throw new Error(nv.text);
    const r2 = nv.body.rounds[0];
    expect(r2.version.number).toBe(2);
    expect(r2.version.previousSha256).toBe(v1);
    expect(r2.version.sha256).not.toBe(v1);
    expect(r2.signatories.map((s) => s.state)).toEqual(['sent', 'waiting', 'waiting']);

    const replaced = await mail(sek.email, 'Ny version att justera');
    expect(replaced.text).toContain('Datumet i § 628 är rättat.');
    // Old links: the document was replaced (410), the secretary's used one too.
    for (const old of [sekLink1, ordLink1]) {
      const r = await open(old);
      expect(r.status).toBe(410);
      expect(r.text).toContain('Dokumentet har ersatts');
    }
    await signVia(linkOf(replaced));
    // The ordförande, who asked for the change, gets the new-version mail with it when his turn
    // comes; the justerare, who never had a link, the plain invitation.
    const ordV2 = await mail(ord.email, 'Ny version att justera');
    expect(ordV2.text).toContain('Datumet i § 628 är rättat.');
    expect(sys.smtp.to(ord.email).filter((m) => m.subject?.startsWith('Protokoll att justera'))).toHaveLength(1);
    await signVia(linkOf(ordV2));
    await signVia(linkOf(await mail(jus1.email, 'Protokoll att justera')));
    const done = await completed(id);
    expect(done.rounds[0].signatories.every((s) => s.signedSha256 === r2.version.sha256)).toBe(true);
    const audit = await request<{ verification: { ok: boolean }; events: { type: string }[] }>(base, 'GET', `/api/protocols/${id}/audit`, { apiKey: t.sekA.apiKey });
    expect(audit.body.verification.ok).toBe(true);
    expect(audit.body.events.filter((e) => e.type === 'version.frozen')).toHaveLength(2);
    expect(audit.body.events.map((e) => e.type)).toContain('change.requested');
  });

  it('expired, tampered, unknown and superseded (resent, e-mail changed) links say which, with 4xx', async () => {
    // A meeting long ago: the legal deadline has passed, yet a late justering still gets working links
    // (a week); once a link's expiry has passed (set in the database: tests do not wait a week) it says so.
    const [sek, ord, jus1] = people();
    const old = await createProtocol('2022-02-09');
    const late = await start(old.id, { signatories: [sek, ord, jus1] });
    expect(late.rounds[0].deadline).toBe('2022-02-23');
    const lateLink = linkOf(await mail(sek.email, 'Protokoll att justera'));
    expect((await open(lateLink)).status).toBe(200);
    await ds.query(`UPDATE signing_links SET expires_at = now() - interval '1 second' WHERE round_id = $1`, [late.rounds[0].id]);
    const e = await open(lateLink);
    expect(e.status).toBe(410);
    expect(e.text).toContain('Länken har gått ut');
    expect((await signVia(lateLink)).status).toBe(410);
    expect((await status(old.id)).rounds[0].signatories[0].state).not.toBe('signed');
    // Started after the warning day: the secretary is warned at once, and only once.
    const warning = await mail(sek.email, 'Sista dag för justering närmar sig');
    expect(warning.text).toContain('Mikael Löthstam');
    await new Promise((r) => setTimeout(r, 1000));
    expect(sys.smtp.to(sek.email).filter((m) => m.subject?.startsWith('Sista dag för justering'))).toHaveLength(1);

    const p2 = people();
    const { id } = await createProtocol();
    const s0 = await start(id, { signatories: p2.slice(0, 3) });
    const link = linkOf(await mail(p2[0].email, 'Protokoll att justera'));
    const token = link.split('/sign/')[1];
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    for (const bad of [`${base}/sign/${flipped}`, `${base}/sign/nonsense`, `${base}/sign/${'A'.repeat(43)}`]) {
      const r = await open(bad);
      expect(r.status).toBe(404);
      expect(r.text).toContain('Länken fungerar inte');
    }
    // Resend supersedes the first link.
    const rid = s0.rounds[0].id;
    const sekId = s0.rounds[0].signatories[0].id;
    expect((await request(base, 'POST', `/api/protocols/${id}/justering/${rid}/signatories/${sekId}/resend`, { apiKey: t.sekA.apiKey })).status).toBe(200);
    const second = linkOf(await mail(p2[0].email, 'Protokoll att justera', 2));
    const sup = await open(link);
    expect(sup.status).toBe(410);
    expect(sup.text).toContain('Länken har ersatts');
    // Another signatory's address is refused, with the reason beside the field (in Swedish).
    const taken = await request<{ details: { path: string; message: string }[] }>(base, 'POST', `/api/protocols/${id}/justering/${rid}/signatories/${sekId}/email`, { apiKey: t.sekA.apiKey, json: { email: p2[1].email } });
    expect({ status: taken.status, details: taken.body.details }).toEqual({ status: 400, details: [{ path: 'email', message: 'En annan undertecknare har redan den e-postadressen.' }] });
    // Change of e-mail before signing: the new address gets a link, the old one stops working.
    const newAddress = `ny-${randomBytes(3).toString('hex')}@test.example`;
    expect((await request(base, 'POST', `/api/protocols/${id}/justering/${rid}/signatories/${sekId}/email`, { apiKey: t.sekA.apiKey, json: { email: newAddress } })).status).toBe(200);
    expect((await open(second)).status).toBe(410);
    const third = linkOf(await mail(newAddress, 'Protokoll att justera'));
    expect((await signVia(third)).status).toBe(200);
    // A signer whose turn has not come sees whom they wait for (ordförande now has a link; the justerare has none yet).
    const ordLink = linkOf(await mail(p2[1].email, 'Protokoll att justera'));
    expect((await open(ordLink)).status).toBe(200);
    // Cancel with a reason: every link stops working; whoever had a link is told why by mail; the
    // reason is in the audit trail.
    const cancelled = await request(base, 'POST', `/api/protocols/${id}/justering/${rid}/cancel`, { apiKey: t.sekA.apiKey, json: { reason: 'Fel bilaga i § 3.' } });
    expect(cancelled.status).toBe(200);
    const c = await open(ordLink);
    expect(c.status).toBe(410);
    expect(c.text).toContain('avbruten');
    expect((await status(id)).protocolStatus).toBe('draft');
    const told = await mail(p2[1].email, 'Justeringen är avbruten');
    expect(told.text).toContain('Fel bilaga i § 3.');
    expect(told.text).toContain('Länken du fått fungerar inte längre');
    expect(sys.smtp.to(p2[2].email)).toHaveLength(0); // the justerare never had a link
    expect((await mail(newAddress, 'Justeringen är avbruten')).text).toContain('Ditt godkännande gäller inte längre');
    const trail = await request<{ events: { type: string; data?: { reason?: string } }[] }>(base, 'GET', `/api/protocols/${id}/audit`, { apiKey: t.sekA.apiKey });
    expect(trail.body.events.find((e) => e.type === 'cancelled')).toMatchObject({ data: { reason: 'Fel bilaga i § 3.' } });
  });

  it('justerar an uploaded PDF: each approval adds a PAdES signature in a new field', async () => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.drawText('Protokoll skrivet i ett annat system', { x: 50, y: 700, font: await doc.embedFont(StandardFonts.Helvetica), size: 14 });
    const bytes = await doc.save();
    const [sek, ord, jus1] = people();
    const form = new FormData();
    form.set('organId', t.organA);
    form.set('title', 'Uppladdat protokoll');
    form.set('meetingDate', today());
    form.set('storagePlace', 'Kommunhuset');
    form.set('signatories', JSON.stringify([sek, ord, jus1]));
    form.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'protokoll.pdf');
    const up = await fetch(`${base}/api/protocols/upload`, { method: 'POST', headers: { authorization: `Bearer ${t.sekA.apiKey}` }, body: form });
    expect(up.status).toBe(201);
    const { id } = (await up.json()) as { id: string };
    const s0 = await start(id, {});
    expect(s0.rounds[0].signatories.map((s) => s.email)).toEqual([sek.email, ord.email, jus1.email]);
    for (const who of [sek, ord, jus1]) {
      const page = await open(linkOf(await mail(who.email, 'Protokoll att justera')));
      expect(page.text).toContain('uppladdad PDF');
      expect((await signVia(linkOf(await mail(who.email, 'Protokoll att justera')))).status).toBe(200);
    }
    await completed(id);
    const pdf = await fetch(`${base}/api/protocols/${id}/justering/${s0.rounds[0].id}/document.pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    const file = join(mkdtempSync(join(tmpdir(), 'justering-e2e-')), 'uppladdat.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const sigs = execFileSync('pdfsig', ['-nocert', file], { encoding: 'utf8' });
    expect(sigs.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(3);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
  });

  it('two simultaneous sign clicks give one signature', async () => {
    const [sek, ord, jus1] = people();
    const { id } = await createProtocol();
    await start(id, { signatories: [sek, ord, jus1] });
    const link = linkOf(await mail(sek.email, 'Protokoll att justera'));
    const page = await open(link);
    const sha = page.text.match(/name="sha256" value="([0-9a-f]{64})"/)![1];
    const body = new URLSearchParams({ action: 'sign', confirm: 'ja', sha256: sha }).toString();
    const results = await Promise.all(Array.from({ length: 6 }, () => fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).then((r) => r.status)));
    expect(results.every((s) => s === 200)).toBe(true);
    const audit = await request<{ events: { type: string }[] }>(base, 'GET', `/api/protocols/${id}/audit`, { apiKey: t.sekA.apiKey });
    expect(audit.body.events.filter((e) => e.type === 'signed')).toHaveLength(1);
    await mail(ord.email, 'Protokoll att justera');
    await new Promise((r) => setTimeout(r, 500));
    expect(sys.smtp.to(ord.email).filter((m) => m.subject?.startsWith('Protokoll att justera'))).toHaveLength(1);
  });

  it('omedelbar justering of single paragraphs freezes an excerpt and leaves the protocol a draft', async () => {
    const [sek, ord, jus1] = people();
    const { id } = await createProtocol();
    const s = await start(id, { paragraphs: [628], signatories: [sek, ord, jus1] });
    expect(s.protocolStatus).toBe('draft');
    const m = await mail(sek.email, 'Protokoll att justera');
    expect(m.subject).toContain('§ 628');
    const page = await open(linkOf(m));
    expect(page.text).toContain('omedelbar justering');
  });

  it('loses and duplicates nothing when the worker is killed mid-round and started again', async () => {
    const [sek, ord, jus1] = people();
    const { id } = await createProtocol();
    await start(id, { signatories: [sek, ord, jus1] });
    // Killed right after the signature that makes the ordförande due: the invitation is in the outbox, not yet sent.
    await signVia(linkOf(await mail(sek.email, 'Protokoll att justera')));
    await sys.worker.stop('SIGKILL');
    try {
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await sys.restartWorker();
    }
    const ordLink = linkOf(await mail(ord.email, 'Protokoll att justera'));
    // And again, mid-round, right after the next signature.
    await signVia(ordLink);
    await sys.worker.stop('SIGKILL');
    await sys.restartWorker();
    const j = await mail(jus1.email, 'Protokoll att justera');
    await signVia(linkOf(j));
    await mail(sek.email, 'Protokollet är justerat');
    await new Promise((r) => setTimeout(r, 3000));
    for (const who of [sek, ord, jus1]) {
      const subjects = sys.smtp.to(who.email).map((m) => m.subject);
      const invites = subjects.filter((x) => x?.startsWith('Protokoll att justera'));
      expect({ who: who.role, invites: invites.length }).toEqual({ who: who.role, invites: 1 });
      const ids = sys.smtp.to(who.email).map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(sys.smtp.to(sek.email).filter((m) => m.subject?.startsWith('Protokollet är justerat'))).toHaveLength(1);
    expect((await status(id)).rounds[0].status).toBe('completed');
  });

  it('detects an audit event edited in PostgreSQL', async () => {
    const [sek, ord, jus1] = people();
    const { id } = await createProtocol();
    await start(id, { signatories: [sek, ord, jus1] });
    await signVia(linkOf(await mail(sek.email, 'Protokoll att justera')));
    const before = await request<{ verification: { ok: boolean } }>(base, 'GET', `/api/protocols/${id}/audit`, { apiKey: t.sekA.apiKey });
    expect(before.body.verification.ok).toBe(true);
    await ds.query(`UPDATE justering_audit_events SET actor = 'signatory:someone-else' WHERE protocol_id = $1 AND type = 'signed'`, [id]);
    const after = await request<{ verification: { ok: boolean; firstBad: { problem: string } } }>(base, 'GET', `/api/protocols/${id}/audit`, { apiKey: t.sekA.apiKey });
    expect(after.body.verification.ok).toBe(false);
    expect(after.body.verification.firstBad.problem).toBe('hash_mismatch');
  });

  it('keeps other organs and organisations out of the justering', async () => {
    const [sek, ord, jus1] = people();
    const { id } = await createProtocol();
    const other = await createTenant(ds, 'Annan kommun');
    expect((await request(base, 'GET', `/api/protocols/${id}/status`, { apiKey: other.admin.apiKey })).status).toBe(404);
    expect((await request(base, 'POST', `/api/protocols/${id}/justering`, { apiKey: other.admin.apiKey, json: {} })).status).toBe(404);
    expect((await request(base, 'POST', `/api/protocols/${id}/justering`, { apiKey: t.revisor.apiKey, json: { signatories: [sek, ord, jus1] } })).status).toBe(403);
    expect((await request(base, 'GET', `/api/protocols/${id}/audit`, { apiKey: t.revisor.apiKey })).status).toBe(200);
  });
});

/**
 * Protocols through the API (docs/protocol-format.md, docs/pdf.md): every seed protocol is accepted, stored, edited while a draft, rendered to a
 * PDF that poppler reads; bad input gets a clear status (400 with paths, 415, 413, 422) and loses nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { validateProtocol } from '@justera/protocol';
import { request } from '../support/http';
import { ROOT } from '../support/processes';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

const FIXTURES = join(ROOT, 'test', 'fixtures', 'protocols');
const CORPUS = join(ROOT, '..', 'shared', 'pdf-corpus', 'pyhanko');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
const load = (f: string) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Record<string, unknown> & { organ: string; paragraphs: { number: number; title: string }[] };

async function upload(base: string, apiKey: string, bytes: Buffer, fields: Record<string, string>, name = 'protokoll.pdf', type = 'application/pdf') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return request<{ id: string; message: string; error: string; details: unknown }>(base, 'POST', '/api/protocols/upload', { apiKey, body: form });
}

describe('protocols API', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  const work = mkdtempSync(join(tmpdir(), 'justera-protocols-'));

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    sys = await startApi({ MAX_UPLOAD_MB: '1' });
    base = sys.base;
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it.each(fixtures)('stores %s and renders it to a PDF poppler can read', async (file) => {
    const protocol = load(file);
    const created = await request<{ id: string; status: string; rowVersion: number; protocol: unknown }>(base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organA, protocol } });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    const got = await request<{ protocol: unknown }>(base, 'GET', `/api/protocols/${created.body.id}`, { apiKey: t.sekA.apiKey });
    // What is stored is the protocol as validated: a version 1 file converted to version 2, parties
    // without parentheses, Swedish role spellings mapped (docs/protocol-format.md) — nothing else.
    const validated = validateProtocol(protocol);
    expect(validated.ok).toBe(true);
    expect(got.body.protocol).toEqual(validated.ok ? validated.protocol : undefined);

    const pdf = await fetch(`${base}/api/protocols/${created.body.id}/pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const path = join(work, `${file}.pdf`);
    writeFileSync(path, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(protocol.organ);
    for (const p of protocol.paragraphs.slice(0, 3)) expect(text).toContain(p.title.replace(/\s+/g, ' ').slice(0, 30));
    // The preview shows what a justering would freeze, with the organ's identity level (issue 18).
    expect(text).toContain('Identifieras med personlig länk via e-post');
  });

  it('edits a draft with an optimistic lock and deletes it', async () => {
    const protocol = load(fixtures[0]);
    const c = await request<{ id: string; rowVersion: number }>(base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organA, protocol } });
    const changed = { ...protocol, storagePlace: 'Nytt arkiv, Stadshuset' };
    const u = await request<{ rowVersion: number; protocol: { storagePlace: string } }>(base, 'PUT', `/api/protocols/${c.body.id}`, { apiKey: t.sekA.apiKey, json: { protocol: changed, rowVersion: c.body.rowVersion } });
    expect(u.status).toBe(200);
    expect(u.body.protocol.storagePlace).toBe('Nytt arkiv, Stadshuset');
    expect(u.body.rowVersion).toBe(c.body.rowVersion + 1);
    // A save based on the old version is refused, not silently overwritten.
    const stale = await request(base, 'PUT', `/api/protocols/${c.body.id}`, { apiKey: t.sekA.apiKey, json: { protocol, rowVersion: c.body.rowVersion } });
    expect(stale.status).toBe(409);
    expect((await request(base, 'DELETE', `/api/protocols/${c.body.id}`, { apiKey: t.sekA.apiKey })).status).toBe(204);
    expect((await request(base, 'GET', `/api/protocols/${c.body.id}`, { apiKey: t.sekA.apiKey })).status).toBe(404);
  });

  it('answers schema violations with 400 listing every failing path', async () => {
    const protocol = load(fixtures[0]);
    const broken = { ...protocol, meeting: { ...(protocol.meeting as object), date: '2025-13-45' }, paragraphs: [{ number: 'x' }] };
    const r = await request<{ details: { path: string }[] }>(base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organA, protocol: broken } });
    expect(r.status).toBe(400);
    const paths = r.body.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['meeting.date', 'paragraphs[0].number', 'paragraphs[0].title']));

    const dup = { ...protocol, paragraphs: [protocol.paragraphs[0], protocol.paragraphs[0]] };
    const d = await request<{ details: { code: string }[] }>(base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organA, protocol: dup } });
    expect(d.status).toBe(400);
    expect(d.body.details.map((x) => x.code)).toContain('duplicate-paragraph-number');
  });

  it('answers an empty meeting date with 400 naming the field as missing, not as a malformed date', async () => {
    const protocol = load(fixtures[0]);
    const empty = { ...protocol, meeting: { ...(protocol.meeting as object), date: '' } };
    const r = await request<{ message: string; details: { path: string; code: string; messageSv: string }[] }>(base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      json: { organId: t.organA, protocol: empty },
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('meeting.date');
    const date = r.body.details.filter((d) => d.path === 'meeting.date');
    expect(date).toEqual([expect.objectContaining({ code: 'required', messageSv: 'saknas men måste anges' })]);
  });

  const meta = () => ({ organId: t.organA, title: 'Protokoll Kommunstyrelsen 2025-03-05', meetingDate: '2025-03-05', storagePlace: 'Stadshuset', signatories: JSON.stringify([{ role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@test.example' }]) });

  it('accepts a PDF made elsewhere and gives back the same bytes', async () => {
    // A legal oddity (a hybrid cross-reference) the reader must read; not signed, not encrypted.
    const bytes = readFileSync(join(CORPUS, 'malformed', 'minimal-hybrid-xref.pdf'));
    const r = await upload(base, t.sekA.apiKey, bytes, meta());
    expect(r.status).toBe(201);
    const pdf = await fetch(`${base}/api/protocols/${r.body.id}/pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    expect(Buffer.from(await pdf.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuses what it cannot sign, saying why', async () => {
    const notPdf = await upload(base, t.sekA.apiKey, Buffer.from('Hej, detta är ingen PDF'), meta(), 'protokoll.txt', 'text/plain');
    expect(notPdf.status).toBe(415);

    const encrypted = await upload(base, t.sekA.apiKey, readFileSync(join(CORPUS, 'encrypted', 'minimal-aes256.pdf')), meta());
    expect(encrypted.status).toBe(422);
    expect(encrypted.body.message).toMatch(/krypterad/i);

    // Already signed (by someone else, or a justerat PDF uploaded again): the justering could never
    // add its certifying first signature, so the file is refused at once, at the file field.
    for (const f of ['signed/sig-with-ski-sid.pdf', 'signed/minimal-signed-twice-both-created.pdf', 'coverage-anomalies/base.pdf']) {
      const signed = await upload(base, t.sekA.apiKey, readFileSync(join(CORPUS, f)), meta());
      expect({ f, status: signed.status, code: signed.body.error }).toEqual({ f, status: 422, code: 'signed_pdf' });
      expect(signed.body.details).toEqual([{ path: 'file', message: expect.stringMatching(/redan signerad/) }]);
    }

    const broken = await upload(base, t.sekA.apiKey, readFileSync(join(CORPUS, 'malformed', 'minimal-startxref-hopeless.pdf')).subarray(0, 200), meta());
    expect(broken.status).toBe(422);

    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1.5 * 1024 * 1024, 0x20)]);
    const tooBig = await upload(base, t.sekA.apiKey, big, meta());
    expect(tooBig.status).toBe(413);

    const noDate = await upload(base, t.sekA.apiKey, readFileSync(join(CORPUS, 'coverage-anomalies', 'base.pdf')), { ...meta(), meetingDate: '5 mars' });
    expect(noDate.status).toBe(400);
    expect(noDate.text).toContain('meetingDate');

    // Mistakes of several kinds come back in one answer, each with its field: a field, the file, a signatory.
    const all = await upload(base, t.sekA.apiKey, Buffer.from('Hej, detta är ingen PDF'), {
      ...meta(),
      meetingDate: '5 mars',
      signatories: JSON.stringify([{ role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@' }]),
    });
    expect(all.status).toBe(400);
    expect((all.body as unknown as { details: { path: string }[] }).details.map((d) => d.path)).toEqual(['meetingDate', 'file', 'signatories.0.email']);

    // Nothing half-stored: the sekreterare still sees only the protocols that were accepted.
    const list = await request<{ items: { title: string; source: string }[] }>(base, 'GET', '/api/protocols', { apiKey: t.sekA.apiKey });
    expect(list.body.items.filter((p) => p.source === 'uploaded')).toHaveLength(1);
  });
});

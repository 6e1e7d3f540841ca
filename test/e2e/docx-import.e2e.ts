/**
 * Importing a Word document (docs/import.md) through the API and the compiled CLI: the draft and the
 * report come back without anything saved, and saving goes through POST /api/protocols; bad files get
 * 415 (not a .docx), 413 (too big, or a zip bomb) and 422 (nothing recognisable). The .docx files are
 * made from the seeds by pandoc (libs/docx-import/src/testing/seed-docx.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, crc32 } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { validateProtocol } from '@justera/protocol';
import { seedDocx } from '../../libs/docx-import/src/testing/seed-docx';
import { request } from '../support/http';
import { ROOT } from '../support/processes';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

interface ImportAnswer {
  protocol: { organisation?: string; organ?: string; paragraphs: { number: number; title: string }[]; meeting: { date?: string } };
  valid: boolean;
  report: { recognised: { message: string }[]; setAside: { message: string }[]; missing: { code: string; message: string }[] };
  errors: { path: string; messageSv: string }[];
  message: string;
  error: string;
  details?: { path: string; message: string }[];
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function importDocx(
  base: string,
  apiKey: string,
  bytes: Buffer,
  fields: Record<string, string>,
  name = 'protokoll.docx',
  type = DOCX,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return request<ImportAnswer>(base, 'POST', '/api/protocols/import', { apiKey, body: form });
}

/** A one-entry zip whose word/document.xml declares 1 kB and inflates to 5 MB. */
function zipBomb(): Buffer {
  const data = Buffer.alloc(5 * 1024 * 1024, 0x20);
  const name = Buffer.from('word/document.xml');
  const packed = deflateRawSync(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(1000, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(1000, 24);
  central.writeUInt16LE(name.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + name.length, 12);
  eocd.writeUInt32LE(local.length + name.length + packed.length, 16);
  return Buffer.concat([local, name, packed, central, name, eocd]);
}

describe('POST /api/protocols/import and npm run cli -- import', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  const work = mkdtempSync(join(tmpdir(), 'justera-docx-e2e-'));
  const kf = readFileSync(seedDocx('kommunforbundet-styrelse-2024-12-13', work));

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

  it('returns the draft and the report without saving; the draft saves through POST /api/protocols', async () => {
    const before = await request<{ total: number }>(base, 'GET', '/api/protocols', { apiKey: t.sekA.apiKey });
    const r = await importDocx(base, t.sekA.apiKey, kf, { organId: t.organA, storagePlace: 'Förbundets kansli' });
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(true);
    expect(r.body.errors).toEqual([]);
    expect(r.body.protocol.paragraphs.map((p) => p.number)).toEqual([43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55]);
    // The organ and the organisation the document does not name come from the account.
    expect(r.body.protocol.organ).toBeTruthy();
    expect(r.body.protocol.organisation).toBeTruthy();
    expect(r.body.report.recognised.map((n) => n.message)).toContain('Utses att justera: Malin Svanholm.');
    expect(r.body.report.setAside[0]!.message).toContain('elektroniskt undertecknat');
    expect((await request<{ total: number }>(base, 'GET', '/api/protocols', { apiKey: t.sekA.apiKey })).body.total).toBe(before.body.total);

    const saved = await request<{ id: string; status: string }>(base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      json: { organId: t.organA, protocol: r.body.protocol },
    });
    expect(saved.status).toBe(201);
    expect(saved.body.status).toBe('draft');
  });

  it('answers an incomplete draft with valid: false and Swedish messages of what is missing', async () => {
    const hr = readFileSync(seedDocx('halsingeradet-protokoll-627-638', work));
    const r = await importDocx(base, t.sekA.apiKey, hr, { organId: t.organA });
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(false);
    expect(r.body.report.missing.map((m) => m.code)).toEqual(['meeting.date', 'storagePlace']);
    expect(r.body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['meeting.date', 'storagePlace']));
    expect(r.body.protocol.paragraphs).toHaveLength(12);
  });

  it('is authorised like creating a protocol', async () => {
    expect((await importDocx(base, t.revisor.apiKey, kf, { organId: t.organA })).status).toBe(403);
    expect((await importDocx(base, t.sekA.apiKey, kf, { organId: t.organB })).status).toBe(403);
    const anonymous = new FormData();
    anonymous.append('organId', t.organA);
    anonymous.append('file', new Blob([new Uint8Array(kf)], { type: DOCX }), 'p.docx');
    expect((await request(base, 'POST', '/api/protocols/import', { body: anonymous })).status).toBe(401);
    const noOrgan = await importDocx(base, t.sekA.apiKey, kf, {});
    expect(noOrgan.status).toBe(400);
    expect(noOrgan.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'organId', message: 'Välj organ.' })]));
  });

  it('415 for a file that is not a .docx, 413 for one too big or a zip bomb, 422 for one with nothing recognisable', async () => {
    const pdf = await importDocx(base, t.sekA.apiKey, Buffer.from('%PDF-1.7\nHej'), { organId: t.organA }, 'protokoll.docx');
    expect(pdf.status).toBe(415);
    expect(pdf.body.message).toContain('Filen är inte ett Word-dokument (.docx)');
    expect(pdf.body.details).toEqual([{ path: 'file', message: pdf.body.message }]);

    const big = Buffer.concat([kf, Buffer.alloc(1024 * 1024 + 1)]);
    expect((await importDocx(base, t.sekA.apiKey, big, { organId: t.organA })).status).toBe(413);

    const bomb = await importDocx(base, t.sekA.apiKey, zipBomb(), { organId: t.organA });
    expect(bomb.status).toBe(413);
    expect(bomb.body.message).toContain('zip-bomb');

    const dir = mkdtempSync(join(tmpdir(), 'justera-docx-empty-'));
    const plain = join(dir, 'brev.docx');
    const p = spawnSync('pandoc', ['-f', 'markdown', '-t', 'docx', '-o', plain], {
      input: 'Hej!\n\nDetta är ett vanligt brev utan paragrafer.\n',
    });
    expect(p.status).toBe(0);
    const nothing = await importDocx(base, t.sekA.apiKey, readFileSync(plain), { organId: t.organA });
    expect(nothing.status).toBe(422);
    expect(nothing.body.message).toContain('Inga paragrafer hittades i dokumentet');
  });

  it('the compiled CLI writes a valid protocol file, and exits 1 for a bad file', () => {
    const out = join(work, 'kf.json');
    const ok = spawnSync(
      process.execPath,
      [
        join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js'),
        'import',
        join(work, 'kommunforbundet-styrelse-2024-12-13.docx'),
        out,
        '--organisation',
        'Kommunförbundet Västernorrland',
        '--organ',
        'Styrelsen',
        '--forvaringsplats',
        'Kansliet',
      ],
      { encoding: 'utf8' },
    );
    expect(ok.stderr).toContain('Det är giltigt.');
    expect(ok.status).toBe(0);
    expect(validateProtocol(JSON.parse(readFileSync(out, 'utf8'))).ok).toBe(true);

    const bad = spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js'), 'import', join(ROOT, 'package.json'), join(work, 'bad.json')],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Filen är inte ett Word-dokument (.docx)');
    expect(existsSync(join(work, 'bad.json'))).toBe(false);
  });
});

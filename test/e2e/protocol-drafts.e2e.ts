/**
 * Issue 15, job 2: the editor's drafts through the API. A draft that is not complete yet is saved
 * (`draft: true`) with the issues that remain; a wrong shape is still refused with 400 naming the
 * field; a stale save is refused with 409 and changes nothing; another organ's secretary is refused;
 * an incomplete draft has no PDF and cannot be started; the organ filter of the list finds the latest
 * protocol ("Börja från förra mötets protokoll").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { request } from '../support/http';
import { ROOT } from '../support/processes';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

type Issue = { path: string; code: string; messageSv?: string; message: string };
type Draft = {
  id: string;
  rowVersion: number;
  title: string;
  meetingDate: string;
  errors: Issue[];
  warnings: Issue[];
  protocol: Record<string, unknown>;
};
type ErrorBody = { error: string; message: string; details?: Issue[] };

const full = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'kommunforbundet-styrelse-2024-12-13.json'), 'utf8'),
) as Record<string, unknown>;

describe('protocol drafts (the editor)', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Utkast');
    sys = await startApi();
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  const call = <T>(method: string, path: string, json?: unknown) => request<T>(sys.base, method, path, { apiKey: t.sekA.apiKey, json });

  it('saves an incomplete draft with its remaining issues, refuses a wrong shape, a stale save and another organ', async () => {
    const start = {
      formatVersion: 1,
      organisation: 'Utkastkommun',
      organ: 'Kommunstyrelsen',
      meeting: { date: '2026-12-03', place: '' },
      paragraphs: [],
    };
    // Without draft: refused as before.
    expect((await call<ErrorBody>('POST', '/api/protocols', { organId: t.organA, protocol: start })).status).toBe(400);

    const created = await call<Draft>('POST', '/api/protocols', { organId: t.organA, protocol: start, draft: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Protokoll Kommunstyrelsen 2026-12-03', meetingDate: '2026-12-03', rowVersion: 1 });
    const paths = created.body.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['members', 'signatories', 'storagePlace', 'paragraphs', 'meeting.place']));
    expect(created.body.errors.every((e) => typeof e.messageSv === 'string' && e.messageSv.length > 0)).toBe(true);
    const id = created.body.id;

    // Another organ: not this secretary's.
    expect((await call<ErrorBody>('POST', '/api/protocols', { organId: t.organB, protocol: start, draft: true })).status).toBe(403);

    // A wrong shape is refused even as a draft, naming the field; nothing is saved.
    const bad = await call<ErrorBody>('PUT', `/api/protocols/${id}`, {
      protocol: {
        ...start,
        members: [{ name: 'Anna Andersson', nickname: 'Anna' }],
        paragraphs: [{ number: 'ett', title: 'X', sections: [] }],
      },
      rowVersion: 1,
      draft: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details!.map((d) => d.path)).toEqual(expect.arrayContaining(['members[0].nickname', 'paragraphs[0].number']));
    // The DTO's own check names its field.
    const notBool = await call<ErrorBody>('PUT', `/api/protocols/${id}`, { protocol: start, rowVersion: 1, draft: 'ja' });
    expect(notBool.status).toBe(400);
    expect(JSON.stringify(notBool.body)).toContain('draft');

    // No PDF and no justering while incomplete: the answer says what is missing.
    const pdf = await call<ErrorBody>('GET', `/api/protocols/${id}/pdf`);
    expect(pdf.status).toBe(400);
    expect(pdf.body.details!.map((d) => d.path)).toContain('signatories');
    expect((await call<ErrorBody>('POST', `/api/protocols/${id}/justering`, {})).status).toBe(400);

    // Secretary A saves with rowVersion 1; secretary B's save, read at rowVersion 1, is refused.
    const second = { ...start, meeting: { date: '2026-12-03', place: 'Stadshuset' } };
    const a = await call<Draft>('PUT', `/api/protocols/${id}`, { protocol: second, rowVersion: 1, draft: true });
    expect(a.status).toBe(200);
    expect(a.body.rowVersion).toBe(2);
    expect(a.body.errors.map((e) => e.path)).not.toContain('meeting.place');
    const b = await call<ErrorBody>('PUT', `/api/protocols/${id}`, {
      protocol: { ...start, storagePlace: 'Arkivet' },
      rowVersion: 1,
      draft: true,
    });
    expect(b.status).toBe(409);
    expect(b.body.message).toMatch(/Någon annan har sparat/);
    const kept = await call<Draft>('GET', `/api/protocols/${id}`);
    expect(kept.body.protocol).toEqual(second);
    expect(kept.body.rowVersion).toBe(2);

    // Completed: no errors, a PDF.
    const done = await call<Draft>('PUT', `/api/protocols/${id}`, {
      protocol: { ...full, organ: 'Kommunstyrelsen' },
      rowVersion: 2,
      draft: true,
    });
    expect(done.status).toBe(200);
    expect(done.body.errors).toEqual([]);
    const pdf2 = await fetch(`${sys.base}/api/protocols/${id}/pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    expect(pdf2.status).toBe(200);
    expect(pdf2.headers.get('content-type')).toContain('application/pdf');
  });

  it('lists one organ, latest meeting first, and only an organ the caller may read', async () => {
    const older = await call<Draft>('POST', '/api/protocols', {
      organId: t.organA,
      protocol: { ...full, meeting: { date: '2020-01-10', place: 'Rummet' } },
    });
    expect(older.status).toBe(201);
    const list = await call<{ items: { id: string; organId: string; meetingDate: string }[] }>('GET', `/api/protocols?organId=${t.organA}`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    expect(list.body.items.every((i) => i.organId === t.organA)).toBe(true);
    expect(list.body.items[list.body.items.length - 1].id).toBe(older.body.id);
    const other = await call<{ items: unknown[] }>('GET', `/api/protocols?organId=${t.organB}`);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    expect((await call<ErrorBody>('GET', '/api/protocols?organId=inte-ett-id')).status).toBe(400);
  });
});

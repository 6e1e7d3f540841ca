/**
 * Admin work through the JSON API and the boards pages is in the admin audit trail (issue 16): organs
 * created or changed through `POST/PATCH /api/organs` (the organ page's commit said so, the JSON API had
 * been left out), boards created and changed through the API and through `/admin/anslagstavlor` (one use
 * case, SaveBoard), and the board's address (ChangeBoardAddress). The pages are for an admin only, check
 * every field, escape what they show, and change the public address of the board.
 */
import type { DataSource } from 'typeorm';
import { request } from '../support/http';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(60_000);

interface AuditRow {
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  detail: string;
  ip: string | null;
}

describe('admin audit of organs and boards, and the boards pages', () => {
  let sys: System;
  let ds: DataSource;
  let t: Tenant;
  let other: Tenant;
  const html = { accept: 'text/html' };
  const form = (fields: Record<string, string>) => ({
    body: new URLSearchParams(fields).toString(),
    headers: { ...html, 'content-type': 'application/x-www-form-urlencoded' },
  });

  const audit = async (organisationId: string): Promise<AuditRow[]> =>
    ds.query(
      `SELECT actor, action, target_type, target_id, detail, ip FROM admin_audit_events WHERE organisation_id = $1 ORDER BY at, action`,
      [organisationId],
    );

  /** The admin's API key as an audit actor: `apikey:<key id>`. */
  let adminKey = '';

  beforeAll(async () => {
    ds = await openDataSource();
    [t, other] = [await createTenant(ds, 'Tavelkommun'), await createTenant(ds, 'Grannkommun')];
    const [key] = await ds.query(`SELECT id FROM api_keys WHERE organisation_id = $1 AND role = 'admin'`, [t.organisationId]);
    adminKey = `apikey:${key.id}`;
    sys = await startApi();
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it('writes organs created through the JSON API to admin_audit_events (a change of the identity level is audited as organ.identity-level)', async () => {
    const created = await request<{ id: string }>(sys.base, 'POST', '/api/organs', {
      apiKey: t.admin.apiKey,
      json: { name: 'Miljönämnden', slug: 'miljonamnden', storagePlace: 'Kommunhuset' },
    });
    expect(created.status).toBe(201);
    const rows = (await audit(t.organisationId)).filter((r) => r.target_id === created.body.id);
    expect(rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }))).toEqual([
      {
        actor: adminKey,
        action: 'organ.created',
        target_type: 'organ',
        target_id: created.body.id,
        detail: { name: 'Miljönämnden', slug: 'miljonamnden', storagePlace: 'Kommunhuset', identityLevel: 'e-postlank' },
        ip: expect.any(String),
      },
    ]);
    // A refused request writes nothing.
    expect((await request(sys.base, 'POST', '/api/organs', { apiKey: t.sekA.apiKey, json: { name: 'X', slug: 'x' } })).status).toBe(403);
    expect((await audit(t.organisationId)).filter((r) => r.action === 'organ.created')).toHaveLength(1);
  });

  it('creates and changes boards through the JSON API with the same rules and audit as the page', async () => {
    const own = await request<{ id: string; postingPolicy: unknown }>(sys.base, 'POST', `/api/organs/${t.organB}/anslag/boards`, {
      apiKey: t.admin.apiKey,
      json: { name: 'Anslagstavlan', kind: 'justera', postingMode: 'nextWorkingDayAt', postingHour: 8 },
    });
    expect(own.status).toBe(201);
    expect(own.body.postingPolicy).toEqual({ mode: 'nextWorkingDayAt', hour: 8 });
    const changed = await request(sys.base, 'PATCH', `/api/anslag/boards/${own.body.id}`, {
      apiKey: t.admin.apiKey,
      json: { takeDownPolicy: 'lastAppealDay', contact: 'Kommunkansliet' },
    });
    expect(changed.status).toBe(200);
    const bad = await request<{ message: string; details: unknown }>(sys.base, 'POST', `/api/organs/${t.organB}/anslag/boards`, {
      apiKey: t.admin.apiKey,
      json: { name: 'Orsa', kind: 'external', url: 'javascript:alert(1)' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ path: 'url', message: expect.stringContaining('https://') })]);
    const second = await request<{ error: string }>(sys.base, 'POST', `/api/organs/${t.organB}/anslag/boards`, {
      apiKey: t.admin.apiKey,
      json: { name: 'Två', kind: 'justera' },
    });
    expect([second.status, second.body.error]).toEqual([409, 'board_exists']);
    expect(
      (await request(sys.base, 'PATCH', `/api/anslag/boards/${own.body.id}`, { apiKey: t.sekA.apiKey, json: { name: 'X' } })).status,
    ).toBe(403);
    expect(
      (await request(sys.base, 'PATCH', `/api/anslag/boards/${own.body.id}`, { apiKey: other.admin.apiKey, json: { name: 'X' } })).status,
    ).toBe(404);

    const rows = (await audit(t.organisationId)).filter((r) => r.target_id === own.body.id);
    expect(rows.map((r) => [r.actor, r.action, JSON.parse(r.detail).changes ?? null])).toEqual([
      [adminKey, 'board.created', null],
      [
        adminKey,
        'board.updated',
        { takeDownPolicy: { before: 'dayAfterLastAppealDay', after: 'lastAppealDay' }, contact: { before: null, after: 'Kommunkansliet' } },
      ],
    ]);
  });

  it('sets an organ’s board on its page: every field checked, shown escaped, audited; another municipality’s board added and removed', async () => {
    const page = `/admin/anslagstavlor/${t.organA}`;
    const first = await request(sys.base, 'GET', page, { apiKey: t.admin.apiKey, headers: html });
    expect(first.status).toBe(200);
    expect(first.text).toContain('Organet använder standardinställningarna');

    const refused = await request(sys.base, 'POST', page, {
      apiKey: t.admin.apiKey,
      ...form({ name: '', postingMode: 'nextWorkingDayAt', postingHour: '25', takeDownPolicy: 'never', contact: '' }),
    });
    expect(refused.status).toBe(400);
    for (const text of ['Skriv anslagstavlans namn.', 'Ange en timme 0–23', 'Välj när anslaget tas ned.'])
      expect(refused.text).toContain(text);
    expect(await ds.query(`SELECT 1 FROM anslag_boards WHERE organ_id = $1`, [t.organA])).toEqual([]);

    const saved = await request(sys.base, 'POST', page, {
      apiKey: t.admin.apiKey,
      ...form({
        name: 'Anslagstavlan <b>KS</b>',
        postingMode: 'nextWorkingDayAt',
        postingHour: '9',
        takeDownPolicy: 'workingDayAfterLastAppealDay',
        contact: 'Kansliet "<script>alert(1)</script>"',
      }),
    });
    expect([saved.status, saved.headers.get('location')]).toEqual([303, `${page}?klart=sparad`]);
    const [board] = await ds.query(
      `SELECT id, name, posting_mode, posting_hour, take_down_policy, publish_pdf, contact FROM anslag_boards WHERE organ_id = $1 AND kind = 'justera'`,
      [t.organA],
    );
    expect(board).toMatchObject({
      name: 'Anslagstavlan <b>KS</b>',
      posting_mode: 'nextWorkingDayAt',
      posting_hour: 9,
      take_down_policy: 'workingDayAfterLastAppealDay',
      publish_pdf: false, // the box was not ticked
      contact: 'Kansliet "<script>alert(1)</script>"',
    });
    const overview = await request(sys.base, 'GET', '/admin/anslagstavlor', { apiKey: t.admin.apiKey, headers: html });
    expect(overview.text).toContain('nästa arbetsdag kl. 09.00');
    expect(overview.text).toContain('Kansliet &quot;&lt;script>alert(1)&lt;/script>&quot;');
    expect(overview.text).not.toContain('<script>alert(1)');

    const added = await request(sys.base, 'POST', `${page}/andra`, {
      apiKey: t.admin.apiKey,
      ...form({ name: 'Orsa kommuns anslagstavla', url: 'https://orsa.example/anslagstavla' }),
    });
    expect(added.status).toBe(303);
    const [orsa] = await ds.query(`SELECT id FROM anslag_boards WHERE organ_id = $1 AND kind = 'external'`, [t.organA]);
    const badUrl = await request(sys.base, 'POST', `/admin/anslagstavlor/tavla/${orsa.id}`, {
      apiKey: t.admin.apiKey,
      ...form({ name: 'Orsa', url: 'orsa' }),
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.text).toContain('Skriv en webbadress som börjar med https://');
    expect(
      (await request(sys.base, 'GET', `/admin/anslagstavlor/tavla/${orsa.id}/ta-bort`, { apiKey: t.admin.apiKey, headers: html })).text,
    ).toContain('Ja, ta bort Orsa kommuns anslagstavla');
    expect(
      (await request(sys.base, 'POST', `/admin/anslagstavlor/tavla/${orsa.id}/ta-bort`, { apiKey: t.admin.apiKey, ...form({}) })).status,
    ).toBe(303);
    expect((await ds.query(`SELECT active FROM anslag_boards WHERE id = $1`, [orsa.id]))[0].active).toBe(false);
    expect(
      (await request(sys.base, 'GET', `/admin/anslagstavlor/tavla/${orsa.id}`, { apiKey: t.admin.apiKey, headers: html })).status,
    ).toBe(404);

    const actions = (await audit(t.organisationId)).filter((r) => r.target_id === board.id || r.target_id === orsa.id).map((r) => r.action);
    expect(actions).toEqual(['board.created', 'board.created', 'board.updated']);
  });

  it('changes the board’s public address: checked, unique, audited; the old address is gone', async () => {
    const slug = `${t.slug}-tavla`;
    const taken = await request(sys.base, 'POST', '/admin/anslagstavlor/adress', { apiKey: t.admin.apiKey, ...form({ slug: other.slug }) });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('används redan av en annan organisation');
    const invalid = await request(sys.base, 'POST', '/admin/anslagstavlor/adress', {
      apiKey: t.admin.apiKey,
      ...form({ slug: 'Tavel kommun!' }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('a–z, 0–9 och bindestreck');

    const changed = await request(sys.base, 'POST', '/admin/anslagstavlor/adress', { apiKey: t.admin.apiKey, ...form({ slug }) });
    expect([changed.status, changed.headers.get('location')]).toEqual([303, '/admin/anslagstavlor?klart=adress']);
    expect((await request(sys.base, 'GET', `/anslagstavla/${slug}`, { headers: html })).status).toBe(200);
    expect((await request(sys.base, 'GET', `/anslagstavla/${t.slug}`, { headers: html })).status).toBe(404);
    const row = (await audit(t.organisationId)).find((r) => r.action === 'board.address-changed')!;
    expect(JSON.parse(row.detail)).toEqual({ before: t.slug, after: slug });
  });

  it('is for an admin only: a sekreterare is refused (403), another organisation’s organ and board are not found (404)', async () => {
    for (const path of ['/admin/anslagstavlor', `/admin/anslagstavlor/${t.organA}`])
      expect((await request(sys.base, 'GET', path, { apiKey: t.sekA.apiKey, headers: html })).status).toBe(403);
    expect((await request(sys.base, 'POST', '/admin/anslagstavlor/adress', { apiKey: t.sekA.apiKey, ...form({ slug: 'x' }) })).status).toBe(
      403,
    );
    expect((await request(sys.base, 'GET', `/admin/anslagstavlor/${t.organA}`, { apiKey: other.admin.apiKey, headers: html })).status).toBe(
      404,
    );
    expect(
      (
        await request(sys.base, 'POST', `/admin/anslagstavlor/${t.organA}`, {
          apiKey: other.admin.apiKey,
          ...form({ name: 'X', postingMode: 'immediate' }),
        })
      ).status,
    ).toBe(404);
  });
});

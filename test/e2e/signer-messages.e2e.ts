/**
 * What signers and logged-out staff are told (issue 16), with the api and the worker as processes and
 * a real SMTP server: an old link of a superseded version points to "the latest e-mail" only once that
 * mail exists, and before that says the new link comes at the signer's turn and whose turn it is; the
 * signers' mails name the sekreterare and her address in the footer; a staff page opened without a
 * session redirects to the login with the way back.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import type { DataSource } from 'typeorm';
import { request } from '../support/http';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(90_000);

describe('signer messages and the staff login redirect (api + worker, PostgreSQL, Redis, SMTP)', () => {
  let ds: DataSource;
  let sys: System;
  let base: string;
  let t: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Meddelandekommun');
    sys = await startSystem();
    base = sys.base;
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  const mail = (to: string, subject: string, n = 1): Promise<ParsedMail> =>
    waitFor(`mail ${n} "${subject}" to ${to}`, async () => sys.smtp.to(to).filter((m) => m.subject?.startsWith(subject))[n - 1], 20_000);
  const linkOf = (m: ParsedMail): string => {
    const found = (m.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/);
    if (!found) throw new Error(`no signing link in ${m.subject}`);
    return found[0];
  };
  const open = async (link: string) => {
    const r = await fetch(link, { headers: { accept: 'text/html' } });
    return { status: r.status, text: (await r.text()).replace(/\s+/g, ' ') };
  };
  const post = (link: string, body: Record<string, string>) =>
    fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
  async function sign(link: string) {
    const page = await open(link);
    const sha = page.text.match(/name="sha256" value="([0-9a-f]{64})"/)?.[1] ?? '';
    expect((await post(link, { action: 'sign', confirm: 'ja', sha256: sha })).status).toBe(200);
  }

  it('an old link of a replaced version: "your turn will come" before the new mail, "the latest e-mail" after it; footers name the sekreterare', async () => {
    const s = randomBytes(4).toString('hex');
    const sek = { role: 'sekreterare', name: 'Anna Sekreterare', email: `sek-${s}@test.example` };
    const ord = { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-${s}@test.example` };
    const jus = { role: 'justerare', name: 'Åsa Öberg', email: `jus-${s}@test.example` };
    const protocol = JSON.parse(
      readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'),
    ) as Record<string, unknown> & {
      meeting: { date: string };
    };
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    const created = await request<{ id: string }>(base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      json: { organId: t.organA, protocol },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const started = await request<{ rounds: { id: string }[] }>(base, 'POST', `/api/protocols/${id}/justering`, {
      apiKey: t.sekA.apiKey,
      json: { signatories: [sek, ord, jus] },
    });
    expect(started.status).toBe(201);
    const roundId = started.body.rounds[0].id;

    const sekInvite = await mail(sek.email, 'Protokoll att justera');
    // The sekreterare's own mail does not tell her to contact herself.
    expect(sekInvite.text).toContain('Svara inte på det.');
    expect(sekInvite.text).not.toMatch(/kontakta sekreteraren/i);
    await sign(linkOf(sekInvite));
    const ordInvite = await mail(ord.email, 'Protokoll att justera');
    // A signer's mail names the sekreterare and how to reach her.
    expect(ordInvite.text).toContain(`Har du frågor, kontakta sekreteraren ${sek.name}, ${sek.email}.`);
    expect(ordInvite.html).toContain(`href="mailto:${sek.email}"`);
    const ordLink1 = linkOf(ordInvite);
    expect((await post(ordLink1, { action: 'change', comment: '§ 628: fel datum.' })).status).toBe(200);
    await mail(sek.email, 'Ändring begärd');

    // Version 2: in sequential order the sekreterare signs first; the ordförande's mail comes after.
    (protocol as { notes?: unknown[] }).notes = [{ text: 'Rättad version.' }];
    const nv = await request(base, 'POST', `/api/protocols/${id}/justering/${roundId}/versions`, {
      apiKey: t.sekA.apiKey,
      json: { protocol, reason: 'Datumet är rättat.' },
    });
    expect(nv.status).toBe(201);
    const before = await open(ordLink1);
    expect(before.status).toBe(410);
    expect(before.text).toContain('Dokumentet har ersatts');
    expect(before.text).not.toContain('senaste e-postmeddelandet');
    expect(before.text).toContain(
      'Du får ett e-postmeddelande med en ny länk när det är din tur att justera. Just nu väntar justeringen på Anna Sekreterare (sekreterare).',
    );
    expect(before.text).toContain(`Kontakta sekreteraren ${sek.name}`);
    expect(sys.smtp.to(ord.email).filter((m) => m.subject?.startsWith('Ny version att justera'))).toHaveLength(0);

    await sign(linkOf(await mail(sek.email, 'Ny version att justera')));
    const ordV2 = await mail(ord.email, 'Ny version att justera');
    expect(ordV2.text).toContain(`kontakta sekreteraren ${sek.name}, ${sek.email}.`);
    const after = await open(ordLink1);
    expect(after.status).toBe(410);
    expect(after.text).toContain('En ny länk har skickats till dig. Använd länken i det senaste e-postmeddelandet från Justera.');

    // The dashboard's version history: each version with the change request and the answer.
    const dash = await request(base, 'GET', `/justering/${id}`, { apiKey: t.sekA.apiKey });
    const history = dash.text.slice(dash.text.indexOf('id="versions-heading"')).replace(/\s+/g, ' ');
    expect(history).toMatch(/Version 1<\/strong> \(ersatt; godkännanden av den gäller inte\)/);
    expect(history).toMatch(/Version 2<\/strong> \(aktuell\)/);
    expect(history).toContain('Ändring begärd av Mikael Löthstam (ordförande): <q>§ 628: fel datum.</q>');
    expect(history).toContain('Svar: <q>Datumet är rättat.</q>');

    // Once he has approved version 2, the old link says there is nothing left for him to do.
    await sign(linkOf(ordV2));
    expect((await open(ordLink1)).text).toContain('Du har redan godkänt den senaste versionen.');
  });

  it('a staff page opened without a login redirects to the login with the way back; the API keeps its 401', async () => {
    const page = await fetch(`${base}/justering?organ=x`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fjustering%3Forgan%3Dx');
    // Also for a client that does not ask for HTML (a link checker): it is a page.
    const plain = await fetch(`${base}/justering`, { redirect: 'manual' });
    expect({ status: plain.status, location: plain.headers.get('location') }).toEqual({
      status: 303,
      location: '/login?next=%2Fjustering',
    });
    // The login page takes the way back into its form.
    const login = await (await fetch(`${base}${page.headers.get('location')}`)).text();
    expect(login).toContain('value="/justering?organ=x"');
    // The API, and a page with a wrong API key, still answer 401.
    expect((await fetch(`${base}/api/protocols`)).status).toBe(401);
    const wrongKey = await fetch(`${base}/justering`, {
      headers: { authorization: 'Bearer jst_0000000000000000_' + '0'.repeat(64), accept: 'text/html' },
      redirect: 'manual',
    });
    expect(wrongKey.status).toBe(401);
  });
});

/**
 * In Chromium (issue 16), axe-clean and no wider than the viewport at 1280 and 390 px:
 * - the anslagstavlor admin pages: the overview with the board's address, an organ's board with
 *   the form's problems shown, another municipality's board of a gemensam nämnd and its removal;
 * - the signers' superseded-link page in each state of the round ("your turn will come", "the latest
 *   e-mail", "already approved"), naming the sekreterare;
 * - the dashboard's version history with the change request and the secretary's answer.
 * The mails come through the real test SMTP server (api + worker).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { axe, describeViolations, horizontalOverflow, launchBrowser } from '../support/browser';
import { request } from '../support/http';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

describe('anslagstavlor admin pages, superseded links and the version history in a browser', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;

  /** axe-clean, and no sideways scrolling at 1280 and at 390 px. */
  async function checkPage(page: Page, what: string) {
    expect(`${what}: ${describeViolations(await axe(page))}`).toBe(`${what}: `);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const o = await horizontalOverflow(page);
      expect({ what, width, scrollWidth: o.scrollWidth, culprits: o.culprits }).toEqual({
        what,
        width,
        scrollWidth: o.viewport,
        culprits: [],
      });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function loggedIn(email: string, password: string): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await ctx.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord').fill(password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${base}/`);
    return page;
  }

  const main = (page: Page) => page.locator('main').innerText();

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Tavelkommun');
    sys = await startSystem();
    base = sys.base;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  it('an admin sets an organ’s anslagstavla and a gemensam nämnd’s other board on the pages', async () => {
    const admin = await loggedIn(t.admin.email, t.admin.password);
    await admin.goto(`${base}/admin`);
    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Anslagstavlor' }).click();
    await admin.waitForURL(`${base}/admin/anslagstavlor`);
    await expect(main(admin)).resolves.toContain(`${base}/anslagstavla/${t.slug}`);
    await checkPage(admin, 'boards overview');

    await admin.getByRole('link', { name: 'Kommunstyrelsen (ändra anslagstavlan)' }).click();
    await admin.getByLabel('Namn').first().fill('');
    await admin.getByLabel('Nästa arbetsdag, vid klockslaget nedan').check();
    await admin.getByLabel('Klockslag (svensk tid)').selectOption('8');
    await admin.getByRole('button', { name: 'Spara anslagstavlan' }).click();
    await expect(admin.getByRole('alert').innerText()).resolves.toContain('Skriv anslagstavlans namn.');
    await checkPage(admin, 'organ board with a problem');

    await admin.getByLabel('Namn').first().fill('Anslagstavlan');
    await admin.getByLabel('Första arbetsdagen efter sista dag att överklaga').check();
    await admin.getByLabel('Kontakt (valfritt)').fill('Kommunkansliet, 0250-260 00');
    await admin.getByRole('button', { name: 'Spara anslagstavlan' }).click();
    await expect(admin.getByRole('status').innerText()).resolves.toContain('Anslagstavlan är sparad.');

    const add = admin.locator('form[action$="/andra"]');
    await add.getByLabel('Namn').fill('Orsa kommuns anslagstavla med ett mycket långt namn som inte får spräcka sidan');
    await add.getByLabel('Webbadress (valfritt)').fill('https://orsa.example/kommun/anslagstavla/med/en/lang/adress/som/ska/brytas');
    await add.getByRole('button', { name: 'Lägg till anslagstavlan' }).click();
    await expect(admin.getByRole('status').innerText()).resolves.toContain('Den andra kommunens anslagstavla är tillagd.');
    await checkPage(admin, 'organ board with another municipality’s board');

    await admin.getByRole('link', { name: /^Ändra Orsa kommuns/ }).click();
    await checkPage(admin, 'another municipality’s board');
    await admin.getByRole('link', { name: /^Ta bort Orsa/ }).click();
    await checkPage(admin, 'confirm removal');
    await admin.getByRole('button', { name: /^Ja, ta bort/ }).click();
    await expect(admin.getByRole('status').innerText()).resolves.toContain('Anslagstavlan är borttagen.');

    await admin.goto(`${base}/admin/anslagstavlor`);
    const overview = await main(admin);
    expect(overview).toContain('nästa arbetsdag kl. 08.00');
    expect(overview).toContain('Första arbetsdagen efter sista dag att överklaga');
    expect(overview).toContain('Kommunkansliet, 0250-260 00');
    await admin.goto(`${base}/admin`);
    await expect(main(admin)).resolves.toContain('lade till anslagstavlan Anslagstavlan');
    await admin.context().close();
  });

  it('an old link after a change request, in each state of the round, and the dashboard’s version history', async () => {
    const s = randomBytes(4).toString('hex');
    const sek = { role: 'sekreterare', name: 'Anna Sekreterare', email: `sek-${s}@test.example` };
    const ord = { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-${s}@test.example` };
    const jus = { role: 'justerare', name: 'Åsa Öberg', email: `jus-${s}@test.example` };
    const mail = (to: string, subject: string): Promise<ParsedMail> =>
      waitFor(`mail "${subject}" to ${to}`, async () => sys.smtp.to(to).find((m) => m.subject?.startsWith(subject)), 20_000);
    const linkOf = (m: ParsedMail) => (m.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)![0];
    const signer = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' })).newPage();
    const sign = async (link: string) => {
      await signer.goto(link);
      await signer.locator('#confirm').check();
      await Promise.all([signer.waitForNavigation(), signer.getByRole('button', { name: 'Justera och signera' }).click()]);
    };

    const protocol = JSON.parse(
      readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'),
    ) as Record<string, unknown> & { meeting: { date: string } };
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    protocol.storagePlace = `Kommunarkivet, hylla ${s}`;
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
    await sign(linkOf(await mail(sek.email, 'Protokoll att justera')));
    const ordLink = linkOf(await mail(ord.email, 'Protokoll att justera'));
    await signer.goto(ordLink);
    await signer.getByLabel('Vad behöver ändras?').fill('§ 628: fel datum.');
    await Promise.all([signer.waitForNavigation(), signer.getByRole('button', { name: 'Begär ändring' }).click()]);
    (protocol as { notes?: unknown[] }).notes = [{ text: 'Rättad version.' }];
    const nv = await request(base, 'POST', `/api/protocols/${id}/justering/${started.body.rounds[0].id}/versions`, {
      apiKey: t.sekA.apiKey,
      json: { protocol, reason: 'Datumet är rättat.' },
    });
    expect(nv.status).toBe(201);

    // Before the ordförande's new mail exists: the new link comes at his turn, and whose turn it is.
    await signer.goto(ordLink);
    const text = await main(signer);
    expect(text).toContain('Dokumentet har ersatts');
    expect(text).toContain('Just nu väntar justeringen på Anna Sekreterare (sekreterare).');
    expect(text).toContain(sek.email);
    expect(text).not.toContain('senaste e-postmeddelandet');
    await checkPage(signer, 'superseded link, turn to come');

    await sign(linkOf(await mail(sek.email, 'Ny version att justera')));
    const ordV2 = linkOf(await mail(ord.email, 'Ny version att justera'));
    await signer.goto(ordLink);
    await expect(main(signer)).resolves.toContain('Använd länken i det senaste e-postmeddelandet från Justera.');
    await checkPage(signer, 'superseded link, new link mailed');

    // The secretary's dashboard: every version with the change request and the answer.
    const secretary = await loggedIn(t.sekA.email, t.sekA.password);
    await secretary.goto(`${base}/justering/${id}`);
    const history = await secretary.locator('section:has(#versions-heading)').innerText();
    expect(history).toContain('Version 1');
    expect(history).toContain('Ändring begärd av Mikael Löthstam (ordförande)');
    expect(history).toContain('§ 628: fel datum.');
    expect(history).toContain('Svar:');
    expect(history).toContain('Datumet är rättat.');
    await checkPage(secretary, 'dashboard with the version history');
    await secretary.context().close();

    await sign(ordV2);
    await signer.goto(ordLink);
    await expect(main(signer)).resolves.toContain('Du har redan godkänt den senaste versionen.');
    await checkPage(signer, 'superseded link, already approved');
    await signer.context().close();
  });
});

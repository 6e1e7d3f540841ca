/**
 * Issue 15: the secretary's workspace (apps/web under /arbetsyta) in Chromium, as a secretary uses it,
 * at 1280 and 390 px: upload a PDF made elsewhere with its metadata and signatories (bad files and a
 * bad e-mail get a message on the form and nothing is saved), edit the signatories and start; during
 * the round change an e-mail and replace a justerare with an ersättare (audited); after a change
 * request read the comment beside the document, upload the corrected PDF and freeze version 2, which
 * mails the signers the change request and what changed. Every view is axe-clean, has no horizontal
 * overflow and runs under the workspace's CSP with no violation. Screenshots go to
 * test-results/workspace/ (docs/secretary.md uses the 1280 px ones).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { renderProtocolPdf } from '@justera/pdf';
import { axe, describeViolations, launchBrowser } from '../support/browser';
import { request } from '../support/http';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(300_000);

const SHOTS = join(ROOT, 'test-results', 'workspace');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'protocols');
const ENCRYPTED = join(ROOT, '..', 'shared', 'pdf-corpus', 'pyhanko', 'encrypted', 'minimal-aes256.pdf');
const SIGNED = join(ROOT, '..', 'shared', 'pdf-corpus', 'pyhanko', 'signed', 'sig-with-ski-sid.pdf');

async function check(page: Page, width: number, name: string) {
  await page.waitForLoadState('load');
  await page.waitForTimeout(250);
  expect(describeViolations(await axe(page))).toBe('');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(SHOTS, `${width}-${name}.png`), fullPage: true });
}

const linkIn = (text: string | undefined) => (text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)![0];

describe('the secretary workspace in Chromium', () => {
  let ds: DataSource;
  let sys: System;
  let browser: Browser;
  const work = mkdtempSync(join(tmpdir(), 'justera-workspace-'));
  const files = {
    notPdf: join(work, 'protokoll.pdf.txt'),
    tooBig: join(work, 'protokoll-stort.pdf'),
    encrypted: ENCRYPTED,
    v1: join(work, 'protokoll-ks.pdf'),
    v2: join(work, 'protokoll-ks-rattat.pdf'),
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ds = await openDataSource();
    sys = await startSystem({ MAX_UPLOAD_MB: '1' });
    browser = await launchBrowser();
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'halsingeradet-protokoll-627-638.json'), 'utf8'));
    writeFileSync(files.v1, await renderProtocolPdf(fixture));
    fixture.paragraphs[0].title = `${fixture.paragraphs[0].title} (rättad)`;
    writeFileSync(files.v2, await renderProtocolPdf(fixture));
    writeFileSync(files.notPdf, 'Det här är ingen PDF.\n');
    // Over the api's MAX_UPLOAD_MB of 1 (set below): refused by the upload limit before it is read.
    writeFileSync(files.tooBig, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1.5 * 1024 * 1024, 0x20)]));
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  it('serves the workspace with its own CSP: scripts from self only, no inline style', async () => {
    const res = await fetch(`${sys.base}/arbetsyta`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Farbetsyta');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    // Everywhere else scripts stay forbidden.
    expect((await fetch(`${sys.base}/login`)).headers.get('content-security-policy')).toContain("script-src 'none'");
    expect((await fetch(`${sys.base}/arbetsyta/assets/nope.js`)).status).toBe(404);
  });

  it('keeps the typed client in step with the OpenAPI document', () => {
    const out = execFileSync('node', [join(ROOT, 'scripts', 'web-openapi.js'), '--check', '--url', sys.base], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toBe('');
  });

  it.each([1280, 390])('uploads, starts, edits signatories, and corrects after a change request at %i px', async (width) => {
    const t: Tenant = await createTenant(ds, `Arbetsyta ${width}`);
    const tag = `${width}-${t.slug.slice(-6)}`;
    const people = {
      sek: { name: 'Sara Sekreterare', email: `sara-${tag}@test.example` },
      ord: { name: 'Olle Ordförande', email: `olle-${tag}@test.example` },
      ordNew: `olle.ny-${tag}@test.example`,
      jus: { name: 'Jenny Justerare', email: `jenny-${tag}@test.example` },
      sub: { name: 'Erik Ersättare', email: `erik-${tag}@test.example` },
    };
    const ctx = await browser.newContext({
      viewport: { width, height: 900 },
      locale: 'sv-SE',
      ...(width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    const page = await ctx.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    page.on('pageerror', (e) => cspErrors.push(`${String(e)}\n${e.stack ?? ''}`));
    const log: string[] = [];
    page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
    page.on('framenavigated', (f) => log.push(`navigated: ${f.url()}`));
    try {
      await secretaryJourney(page, t, people, tag, width, cspErrors);
    } catch (err) {
      await page.screenshot({ path: join(SHOTS, `${width}-FAILED.png`), fullPage: true }).catch(() => undefined);
      writeFileSync(
        join(SHOTS, `${width}-FAILED.log`),
        `At ${page.url()}\nPage errors: ${cspErrors.join('\n')}\nConsole:\n${log.join('\n')}\n`,
      );
      throw err;
    } finally {
      await ctx.close();
    }
  });

  async function secretaryJourney(
    page: Page,
    t: Tenant,
    people: {
      sek: { name: string; email: string };
      ord: { name: string; email: string };
      ordNew: string;
      jus: { name: string; email: string };
      sub: { name: string; email: string };
    },
    tag: string,
    width: number,
    cspErrors: string[],
  ) {
    // Log in and land on the workspace's start page: the empty state offers the upload.
    await page.goto(`${sys.base}/login?next=/arbetsyta`);
    await page.getByLabel('E-postadress').fill(t.sekA.email);
    await page.getByLabel('Lösenord').fill(t.sekA.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${sys.base}/arbetsyta`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Arbetsyta');
    await page.getByText('Inga protokoll ännu').waitFor();
    await check(page, width, '01-start');

    // Job 1: the upload form.
    await page.getByRole('link', { name: /Ladda upp en PDF/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Ladda upp ett protokoll' }).waitFor();
    await page.locator('#f-title').fill('Protokoll kommunstyrelsen');
    await page.locator('#f-meetingDate').fill('2026-12-03');
    await page.locator('#f-meetingTime').fill('13:00');
    await page.locator('#f-paragraphs').fill('§§ 627–638');
    await page.locator('#f-justeringPlace').fill('Kommunkansliet');
    await page.locator('#f-storagePlace').fill('Kommunkansliet, Stadshuset');
    const fillPerson = async (i: number, p: { name: string; email: string }) => {
      await page.locator(`#f-signatories-${i}-name`).fill(p.name);
      await page.locator(`#f-signatories-${i}-email`).fill(p.email);
    };
    await fillPerson(0, people.sek);
    await fillPerson(1, { name: people.ord.name, email: 'olle@' });
    await fillPerson(2, people.jus);
    await page.getByRole('button', { name: 'Lägg till ersättare' }).click();
    await page.locator('#f-substitutes-0-name').fill(people.sub.name);
    await page.locator('#f-substitutes-0-email').fill(people.sub.email);
    await check(page, width, '02-upload-form');

    // Not a PDF, a missing förvaringsplats and a bad e-mail: every mistake in one answer, each beside
    // its field; everything typed is kept.
    await page.locator('#f-storagePlace').fill('');
    await page.locator('#f-file').setInputFiles(files.notPdf);
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page.locator('#error-summary').getByText('Filen är inte en PDF.').first().waitFor();
    // The failed save is where the secretary is: the summary has focus (and so is scrolled to).
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('error-summary');
    await page.locator('#f-storagePlace-error').waitFor();
    await page.locator('#f-signatories-1-email-error').waitFor();
    await expect(page.locator('#f-title').inputValue()).resolves.toBe('Protokoll kommunstyrelsen');
    await page.locator('#f-storagePlace').fill('Kommunkansliet, Stadshuset');
    // The field put right no longer says it is wrong; the others still do until the next save.
    await expect(page.locator('#f-storagePlace-error').count()).resolves.toBe(0);
    await expect(page.locator('#f-signatories-1-email-error').count()).resolves.toBe(1);
    // Too big: the size message beside the file field.
    await page.locator('#f-file').setInputFiles(files.tooBig);
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page
      .locator('#f-file-error')
      .getByText(/Filen är för stor/)
      .waitFor();
    // An encrypted file is named as soon as it is chosen, before anything is sent, and again on saving.
    await page.locator('#f-file').setInputFiles(files.encrypted);
    await page
      .locator('#f-file-error')
      .getByText(/krypterad/)
      .waitFor();
    await expect(page.locator('#f-file').getAttribute('aria-invalid')).resolves.toBe('true');
    // Its preview is not shown (Chromium would ask for the password, in English).
    await expect(page.locator('iframe[title="Förhandsgranskning av den valda PDF-filen"]').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page
      .locator('#f-file-error')
      .getByText(/krypterad/)
      .waitFor();
    await check(page, width, '03-upload-encrypted');
    // So is a file that is already signed: the justering could never add its signatures to it.
    await page.locator('#f-file').setInputFiles(SIGNED);
    await page
      .locator('#f-file-error')
      .getByText(/redan signerad/)
      .waitFor();
    // Saved with another field wrong, the summary lists the file's problem with the field's (the api
    // names the file only once the fields are right).
    const place = await page.locator('#f-storagePlace').inputValue();
    await page.locator('#f-storagePlace').fill('');
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page
      .locator('#error-summary')
      .getByText(/Förvaringsplats/)
      .first()
      .waitFor();
    await expect(page.locator('#error-summary').textContent()).resolves.toContain('redan signerad');
    await page.locator('#f-storagePlace').fill(place);

    // A good PDF but a bad e-mail: the api's message beside the field.
    await page.locator('#f-file').setInputFiles(files.v1);
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page
      .locator('#f-signatories-1-email-error')
      .getByText(/giltig e-postadress/)
      .waitFor();
    await expect(page.locator('#f-signatories-1-email').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#f-file-error').count()).resolves.toBe(0);
    await check(page, width, '04-upload-field-error');
    const listed = await request<{ total: number }>(sys.base, 'GET', '/api/protocols', { apiKey: t.sekA.apiKey });
    expect(listed.body.total).toBe(0);

    await page.locator('#f-signatories-1-email').fill(people.ord.email);
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page.waitForURL(/\/arbetsyta\/protokoll\/[0-9a-f-]{36}$/);
    const protocolId = page.url().split('/').pop()!;
    await page.getByText('Protokollet är sparat som utkast').waitFor();
    const stored = await request<{
      source: string;
      metadata: { signatories: unknown[]; substitutes: unknown[]; storagePlace: string; meetingTime: string; justeringPlace: string };
    }>(sys.base, 'GET', `/api/protocols/${protocolId}`, { apiKey: t.sekA.apiKey });
    expect(stored.body.source).toBe('uploaded');
    expect(stored.body.metadata).toMatchObject({
      storagePlace: 'Kommunkansliet, Stadshuset',
      meetingTime: '13:00',
      justeringPlace: 'Kommunkansliet',
      substitutes: [people.sub],
    });
    expect(stored.body.metadata.signatories).toEqual([
      { role: 'sekreterare', ...people.sek },
      { role: 'ordforande', ...people.ord },
      { role: 'justerare', ...people.jus },
    ]);
    const uploaded = await fetch(`${sys.base}/api/protocols/${protocolId}/pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    expect(Buffer.from(await uploaded.arrayBuffer()).equals(readFileSync(files.v1))).toBe(true);
    await expect(page.locator('iframe').first().getAttribute('src')).resolves.toBe(`/api/protocols/${protocolId}/pdf`);
    await check(page, width, '05-protocol-draft');

    // Job 5 before the start: the signatories are editable here (a bad e-mail is refused first).
    await page.locator('#f-signatories-2-email').fill('jenny@');
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.locator('#f-signatories-2-email-error').waitFor();
    await page.locator('#f-signatories-2-email').fill(`jenny.j-${tag}@test.example`);
    people.jus.email = `jenny.j-${tag}@test.example`;
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ändringarna är sparade.').waitFor();
    const edited = await request<{ metadata: { signatories: { email: string }[] } }>(sys.base, 'GET', `/api/protocols/${protocolId}`, {
      apiKey: t.sekA.apiKey,
    });
    expect(edited.body.metadata.signatories[2].email).toBe(people.jus.email);

    // The start asks first, naming who gets a link in the order they get it; nothing is sent until then.
    await page.getByRole('button', { name: 'Starta justeringen' }).click();
    const confirm = page.getByRole('group', { name: /Vill du starta justeringen nu/ });
    await confirm.waitFor();
    expect(await confirm.locator('li').allInnerTexts()).toEqual([
      `${people.sek.name}, sekreterare (${people.sek.email})`,
      `${people.ord.name}, ordförande (${people.ord.email})`,
      `${people.jus.name}, justerare (${people.jus.email})`,
    ]);
    await check(page, width, '06-confirm-start');
    await confirm.getByRole('button', { name: 'Avbryt' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(sys.smtp.to(people.sek.email)).toHaveLength(0);
    await page.getByRole('button', { name: 'Starta justeringen' }).click();
    await page.getByRole('button', { name: 'Ja, starta och skicka länkarna' }).click();
    await page.getByText('Justeringen är startad').waitFor();
    await page.getByRole('heading', { name: /Justeringen: pågår/ }).waitFor();
    await check(page, width, '06-round-started');
    const invitation = await waitFor('invitation to the secretary', async () => sys.smtp.to(people.sek.email)[0]);

    // Job 5 during the round: a new e-mail for the ordförande, an ersättare for the justerare.
    const ordItem = page.locator('.signers li').filter({ hasText: people.ord.name });
    await ordItem.getByText(`Ändra e-postadress för ${people.ord.name}`).click();
    await ordItem.getByLabel('Ny e-postadress').fill(people.ordNew);
    await ordItem.getByRole('button', { name: 'Spara e-postadressen' }).click();
    await page.getByText(`E-postadressen för ${people.ord.name} är ändrad.`).waitFor();
    const jusItem = page.locator('.signers li').filter({ hasText: people.jus.name });
    await jusItem.getByText(`Ersätt ${people.jus.name} med en ersättare`).click();
    await jusItem.getByRole('button', { name: `Välj ${people.sub.name}` }).click();
    await expect(jusItem.getByLabel('Ersättarens e-postadress').inputValue()).resolves.toBe(people.sub.email);
    await check(page, width, '07-replace-form');
    await jusItem.getByRole('button', { name: `Ersätt ${people.jus.name}`, exact: true }).click();
    await page.getByText(`${people.sub.name} ersätter ${people.jus.name} som justerare.`).waitFor();
    await check(page, width, '08-round-edited');
    const audit = await request<{ events: { type: string; data: Record<string, unknown> }[] }>(
      sys.base,
      'GET',
      `/api/protocols/${protocolId}/audit`,
      { apiKey: t.sekA.apiKey },
    );
    expect(audit.body.events.find((e) => e.type === 'email.changed')?.data).toMatchObject({ from: people.ord.email, to: people.ordNew });
    expect(audit.body.events.find((e) => e.type === 'signatory.replaced')?.data).toMatchObject({
      role: 'justerare',
      from: { name: people.jus.name, email: people.jus.email },
      to: people.sub,
    });

    // The secretary signs; the ordförande (at the new address) asks for a change.
    const signer = await browser.newContext({ locale: 'sv-SE' });
    const sp = await signer.newPage();
    // The justering place the secretary gave on the form reaches the signer: in the mail and on the page.
    expect(invitation.text).toMatch(/Justeringens plats och tid:?\s+Kommunkansliet/);
    await sp.goto(linkIn(invitation.text));
    await expect(sp.locator('dl.facts').textContent()).resolves.toContain('Justeringens plats och tidKommunkansliet');
    await sp.getByLabel(/Jag har läst protokollet/).check();
    await sp.getByRole('button', { name: 'Justera och signera' }).click();
    await sp.getByRole('heading', { level: 1, name: 'Du har signerat protokollet' }).waitFor();
    const toOrd = await waitFor('invitation to the new address', async () => sys.smtp.to(people.ordNew)[0]);
    await sp.goto(linkIn(toOrd.text));
    await sp.locator('#comment').fill('Titeln på första paragrafen saknar ordet ”rättad”.');
    await sp.getByRole('button', { name: 'Begär ändring' }).click();
    await sp.getByRole('heading', { level: 1, name: 'En ändring har begärts' }).waitFor();
    await signer.close();

    // Job 4: the comment beside the document; the corrected PDF becomes version 2.
    await page.reload();
    await page.getByRole('heading', { name: /Justeringen: ändring begärd/ }).waitFor();
    await page.getByText('Titeln på första paragrafen saknar ordet ”rättad”.').waitFor();
    await page.getByRole('button', { name: 'Frys ny version och skicka' }).click();
    await page.locator('#f-file-error').waitFor();
    // An encrypted corrected file: named at its field and, as on the upload page, not previewed.
    await page.locator('#f-file').setInputFiles(files.encrypted);
    await page
      .locator('#f-file-error')
      .getByText(/krypterad/)
      .waitFor();
    await page.getByText('Förhandsgranskningen visas när du har valt en PDF-fil som kan användas.').waitFor();
    await expect(page.locator('iframe[title="Förhandsgranskning av den rättade PDF-filen"]').count()).resolves.toBe(0);
    await page.locator('#f-file').setInputFiles(files.v1);
    await page.getByRole('button', { name: 'Frys ny version och skicka' }).click();
    await page
      .locator('#error-summary')
      .getByText(/identisk med den nuvarande/)
      .waitFor();
    await page.locator('#f-file').setInputFiles(files.v2);
    await page.locator('#f-reason').fill('Rättat titeln på § 627.');
    await check(page, width, '09-correction');
    await page.getByRole('button', { name: 'Frys ny version och skicka' }).click();
    await page.getByText('Version 2 är fryst').waitFor();
    await page.getByRole('heading', { name: /Justeringen: pågår/ }).waitFor();
    await check(page, width, '10-version-2');

    const replaced = await waitFor('the new-version mail', async () =>
      sys.smtp.to(people.sek.email).find((m) => m.subject?.startsWith('Ny version att justera')),
    );
    expect(replaced.text).toContain(`${people.ord.name} (ordförande) begärde ändringen:`);
    expect(replaced.text).toContain('Titeln på första paragrafen saknar ordet ”rättad”.');
    expect(replaced.text).toContain('Rättat titeln på § 627.');
    expect(replaced.text).toContain('Ny PDF: protokoll-ks-rattat.pdf');
    const status = await request<{ rounds: { version: { number: number; sha256: string } }[] }>(
      sys.base,
      'GET',
      `/api/protocols/${protocolId}/status`,
      { apiKey: t.sekA.apiKey },
    );
    expect(status.body.rounds[0].version.number).toBe(2);
    const doc = await fetch(`${sys.base}/api/protocols/${protocolId}/pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    expect(Buffer.from(await doc.arrayBuffer()).equals(readFileSync(files.v2))).toBe(true);

    expect(cspErrors).toEqual([]);
  }
});

/**
 * Every server-rendered page fits a 390 px wide phone: no page scrolls sideways
 * (document.documentElement.scrollWidth <= 390), with realistic content — a justerat protocol's
 * validation report and evidence table, a start page and a dashboard with started protocols, the
 * signing page, the anslagstavla, the login and error pages — and each one is axe-clean there.
 * The same pages do not overflow at 1280 px either.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { insertNotice } from '../support/anslag';
import { axe, describeViolations, horizontalOverflow, launchBrowser, phoneContext } from '../support/browser';
import { request } from '../support/http';
import { justeraWithChangeRequest, type FlowResult } from '../support/justera-flow';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, TestUser, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(180_000);

describe('pages at 390 px', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;
  let flow: FlowResult;
  let file: string;
  let transactionId: string;
  /** A protocol whose round is under way (the dashboard's forms are shown). */
  let activeId: string;
  let signLink: string;
  let noticeId: string;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Smalkommun');
    sys = await startSystem();
    base = sys.base;
    flow = await justeraWithChangeRequest(base, sys.smtp, t.sekA.apiKey, t.organA);
    file = join(mkdtempSync(join(tmpdir(), 'narrow-browser-')), 'justerat.pdf');
    writeFileSync(file, flow.finalPdf);
    const e = await request<{ signers: { transactionId: string }[] }>(base, 'GET', `/api/protocols/${flow.protocolId}/evidence.json`, {
      apiKey: t.revisor.apiKey,
    });
    transactionId = e.body.signers[e.body.signers.length - 1].transactionId;

    // A second protocol under justering, with long e-mail addresses, and a draft.
    const protocol = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'));
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    const created = await request<{ id: string }>(base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      json: { organId: t.organA, protocol },
    });
    expect(created.status).toBe(201);
    activeId = created.body.id;
    const s = activeId.slice(0, 8);
    const sek = { role: 'sekreterare', name: 'Thomas Norgren', email: `thomas.norgren.sekreterare-${s}@kommunstyrelsen.test.example` };
    const started = await request(base, 'POST', `/api/protocols/${activeId}/justering`, {
      apiKey: t.sekA.apiKey,
      json: {
        signatories: [
          sek,
          { role: 'ordforande', name: 'Mikael Löthstam', email: `mikael.lothstam.ordforande-${s}@kommunstyrelsen.test.example` },
          { role: 'justerare', name: 'Håkan Englund', email: `hakan.englund.justerare-${s}@kommunstyrelsen.test.example` },
        ],
      },
    });
    expect(started.status).toBe(201);
    const mail = await waitFor('invitation', async () => sys.smtp.to(sek.email)[0]);
    signLink = (mail.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)![0];
    const draft = await request(base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      json: { organId: t.organA, protocol: { ...protocol, storagePlace: 'Kommunarkivet, utkast' } },
    });
    expect(draft.status).toBe(201);

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    noticeId = await insertNotice(ds, {
      organisationId: t.organisationId,
      organId: t.organB,
      protocolId: randomUUID(),
      type: 'Justerat protokollsutdrag',
      organName: 'Gemensamma överförmyndarnämnden för Hälsingekommunerna',
      meetingDate: day(-7),
      paragraphs: '§§ 627–638',
      postedDate: day(0),
      lastAppealDay: day(21),
      takeDownDate: day(22),
      state: 'current',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  /**
   * Checks that the page fits the viewport and is axe-clean; a page that does not is added to
   * `problems`, so one run names every page that overflows (each test expects none at its end).
   */
  async function fits(page: Page, what: string, width: number, problems: unknown[]) {
    // NARROW_SCREENSHOTS=<dir> keeps a full-page picture of each page, to look at the layout.
    if (process.env.NARROW_SCREENSHOTS)
      await page.screenshot({
        path: join(process.env.NARROW_SCREENSHOTS, `${width}-${what.replace(/[^a-z0-9]+/gi, '-')}.png`),
        fullPage: true,
      });
    const o = await horizontalOverflow(page);
    if (o.viewport !== width || o.scrollWidth > width)
      problems.push({ what, viewport: o.viewport, scrollWidth: o.scrollWidth, culprits: o.culprits });
    const violations = describeViolations(await axe(page));
    if (violations) problems.push({ what, axe: violations });
  }

  async function login(ctx: BrowserContext, user: TestUser): Promise<Page> {
    const page = await ctx.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('E-postadress').fill(user.email);
    await page.getByLabel('Lösenord').fill(user.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${base}/`);
    return page;
  }

  for (const width of [390, 1280]) {
    const context = (headers?: Record<string, string>) =>
      width === 390
        ? phoneContext(browser, headers)
        : browser.newContext({ viewport: { width, height: 900 }, locale: 'sv-SE', extraHTTPHeaders: headers });

    it(`fits the public pages at ${width} px: login, /validera with a justerat protocol's report, signing, anslagstavla, errors`, async () => {
      const problems: unknown[] = [];
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(`${base}/login`);
      await fits(page, 'login', width, problems);
      await page.getByLabel('E-postadress').fill(t.sekA.email);
      await page.getByLabel('Lösenord').fill('fel-lösenord-123');
      await page.getByRole('button', { name: 'Logga in' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('Fel e-postadress eller lösenord');
      await fits(page, 'login with an error', width, problems);

      await page.goto(`${base}/validera`);
      await fits(page, 'validera form', width, problems);
      await page.goto(`${base}/validera?transaction=${transactionId}`);
      await expect(page.getByRole('heading', { name: 'Justera känner igen dokumentet' }).count()).resolves.toBe(1);
      await fits(page, 'validera lookup by transaction id', width, problems);
      await page.goto(`${base}/validera`);
      await page.locator('#file').setInputFiles(file);
      await page.getByRole('button', { name: 'Validera', exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Valideringsrapport');
      await expect(page.locator('.valideringsrapport table').count()).resolves.toBeGreaterThan(3);
      await fits(page, 'validera report of the justerat PDF', width, problems);

      await page.goto(signLink);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Justera protokollet');
      await fits(page, 'signing page', width, problems);

      await page.goto(`${base}/anslagstavla/${t.slug}`);
      await fits(page, 'anslagstavla', width, problems);
      await page.goto(`${base}/anslagstavla/${t.slug}/anslag/${noticeId}`);
      await expect(page.locator('dl.facts').textContent()).resolves.toContain('Sista dag att överklaga');
      await fits(page, 'notice', width, problems);
      await page.goto(`${base}/anslagstavla/${t.slug}/overklaga`);
      await fits(page, 'appeal page', width, problems);

      await page.goto(`${base}/finns-inte/${'x'.repeat(120)}`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sidan finns inte');
      await fits(page, 'error page', width, problems);
      await ctx.close();
      expect(problems).toEqual([]);
    });

    it(`fits the secretary's pages at ${width} px: start page, justering dashboard, a protocol's round, its notices`, async () => {
      const problems: unknown[] = [];
      for (const user of [t.sekA, t.admin]) {
        const ctx = await context();
        const page = await login(ctx, user);
        await expect(page.getByRole('table').getByRole('row').count()).resolves.toBe(4);
        await fits(page, `start page (${user === t.admin ? 'admin' : 'sekreterare'})`, width, problems);
        await ctx.close();
      }
      const ctx = await context();
      const page = await login(ctx, t.sekA);
      await page.goto(`${base}/justering`);
      await fits(page, 'justering dashboard', width, problems);
      await page.goto(`${base}/justering/${activeId}`);
      await expect(page.getByRole('button', { name: /Påminn nu/ }).count()).resolves.toBe(1);
      await fits(page, "an active round's dashboard", width, problems);
      await page.goto(`${base}/justering/${flow.protocolId}`);
      await fits(page, "a justerat protocol's dashboard", width, problems);
      await page.goto(`${base}/anslag/protokoll/${flow.protocolId}`);
      await fits(page, "a protocol's notices", width, problems);
      await ctx.close();
      expect(problems).toEqual([]);
    });

    it(`fits the revisor's evidence table on /validera at ${width} px`, async () => {
      const problems: unknown[] = [];
      const ctx = await context({ authorization: `Bearer ${t.revisor.apiKey}` });
      const page = await ctx.newPage();
      await page.goto(`${base}/validera?transaction=${transactionId}`);
      await expect(page.getByRole('table', { name: 'Underskrifter med identifiering' }).getByRole('row').count()).resolves.toBe(5);
      await fits(page, 'validera with the evidence table', width, problems);
      await ctx.close();
      expect(problems).toEqual([]);
    });
  }
});

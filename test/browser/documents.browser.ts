/**
 * The pages that offer a justerat and posted protocol's documents (issue 16): the secretary's
 * dashboard with each document's SHA-256 and the notice's dates, the secretary's notice page, the start page with the justerat
 * PDF, and the public notice page with the posted PDF, the justerat PDF and the anslagsbevis. At
 * 390 px (a phone) and 1280 px each is axe-clean (WCAG 2.1 AA) and no wider than the viewport,
 * although every document prints a 64-character checksum.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { axe, describeViolations, horizontalOverflow, launchBrowser, phoneContext } from '../support/browser';
import { justeraAndPost } from '../support/justera-flow';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(150_000);

describe("a justerat protocol's documents in Chromium", () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;
  let protocolId: string;
  let noticeUrl: string;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Dokumentkommun med ett mycket långt namn');
    sys = await startSystem();
    base = sys.base;
    const flow = await justeraAndPost(base, sys.smtp, t.sekA.apiKey, t.organA).catch((e) => {
      throw new Error(`${String(e)}\n${sys.logs()}`);
    });
    protocolId = flow.protocolId;
    noticeUrl = flow.notice.noticeUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  async function fits(page: Page, what: string, width: number, problems: unknown[]) {
    // NARROW_SCREENSHOTS=<dir> keeps a full-page picture of each page, to look at the layout.
    if (process.env.NARROW_SCREENSHOTS)
      await page.screenshot({
        path: join(process.env.NARROW_SCREENSHOTS, `documents-${width}-${what.replace(/[^a-z0-9]+/gi, '-')}.png`),
        fullPage: true,
      });
    const o = await horizontalOverflow(page);
    if (o.viewport !== width || o.scrollWidth > width)
      problems.push({ what, viewport: o.viewport, scrollWidth: o.scrollWidth, culprits: o.culprits });
    const violations = describeViolations(await axe(page));
    if (violations) problems.push({ what, axe: violations });
  }

  for (const width of [390, 1280]) {
    it(`dashboard, start page and notice page fit ${width} px and are axe-clean with the documents and their checksums`, async () => {
      const ctx =
        width === 390 ? await phoneContext(browser) : await browser.newContext({ viewport: { width, height: 900 }, locale: 'sv-SE' });
      const problems: unknown[] = [];
      const page = await ctx.newPage();
      await page.goto(`${base}/login?next=/justering/${protocolId}`);
      await page.getByLabel('E-postadress').fill(t.sekA.email);
      await page.getByLabel('Lösenord').fill(t.sekA.password);
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.waitForURL(`${base}/justering/${protocolId}`);
      // Four documents, each with its checksum; the notice with its dates and links.
      await expect(page.locator('li.document code.checksum').count()).resolves.toBe(4);
      await expect(page.getByRole('link', { name: 'Anslaget på anslagstavlan' }).getAttribute('href')).resolves.toBe(noticeUrl);
      await expect(page.locator('dl.notice-dates dt').allTextContents()).resolves.toEqual([
        'Uppsatt',
        'Sista dag att överklaga',
        'Tas ned',
      ]);
      await fits(page, "a justerat protocol's dashboard", width, problems);

      await page.goto(`${base}/anslag/protokoll/${protocolId}`);
      await expect(page.locator('li.document code.checksum').count()).resolves.toBe(3);
      await fits(page, "the secretary's notice page", width, problems);

      await page.goto(`${base}/`);
      await expect(page.getByRole('link', { name: /Justerat protokoll/ }).count()).resolves.toBe(1);
      await fits(page, 'start page with a justerat protocol', width, problems);

      await page.goto(noticeUrl);
      await expect(page.locator('li.document code.checksum').count()).resolves.toBe(3);
      await expect(page.locator('body').textContent()).resolves.toContain('Innehåller det justerade protokollet oförändrat');
      await fits(page, 'the public notice page', width, problems);
      await ctx.close();
      expect(problems).toEqual([]);
    });
  }
});

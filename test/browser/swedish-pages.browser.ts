/**
 * The pages issue 16 made Swedish and findable, in a real browser at 1280 and 390 px: the error pages
 * (404, 400) in the site's layout with links onward, the index of boards (reached from the header's
 * "Justera" on a public page), and a signer's error page naming the secretary. Each one fits the
 * viewport and is axe-clean (WCAG 2.1 AA).
 */
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { axe, describeViolations, horizontalOverflow, launchBrowser, phoneContext } from '../support/browser';
import { SECRETARY, expiredOrdforandeLink, insertOwnBoard } from '../support/signer-pages';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

describe('Swedish error pages, the board index and a signer error page in a browser', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let browser: Browser;
  let signLink: string;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Webbkommun');
    await insertOwnBoard(ds, t);
    sys = await startApi();
    signLink = await expiredOrdforandeLink(ds, sys.base, t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  async function fits(page: Page, what: string, width: number, problems: unknown[]) {
    const o = await horizontalOverflow(page);
    if (o.viewport !== width || o.scrollWidth > width)
      problems.push({ what, viewport: o.viewport, scrollWidth: o.scrollWidth, culprits: o.culprits });
    const violations = describeViolations(await axe(page));
    if (violations) problems.push({ what, axe: violations });
  }

  for (const width of [1280, 390]) {
    it(`shows Swedish error pages, the board index and a signer's error page at ${width} px`, async () => {
      const ctx =
        width === 390 ? await phoneContext(browser) : await browser.newContext({ viewport: { width, height: 900 }, locale: 'sv-SE' });
      const page = await ctx.newPage();
      const problems: unknown[] = [];

      const notFound = await page.goto(`${sys.base}/protokoll`);
      expect(notFound?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sidan finns inte');
      await expect(page.locator('main').textContent()).resolves.toContain('Det finns ingen sida på adressen /protokoll.');
      await expect(page.content()).resolves.not.toContain('Cannot GET');
      await fits(page, '404 page', width, problems);

      // The header's "Justera" leads the public to the boards, not to the staff login.
      await page.getByRole('link', { name: 'Justera', exact: true }).click();
      await page.waitForURL(`${sys.base}/anslagstavla`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Anslagstavlor');
      const board = page.getByRole('link', { name: new RegExp(`^Anslagstavla – Webbkommun`) });
      await expect(board.count()).resolves.toBe(1);
      await fits(page, 'board index', width, problems);
      await board.click();
      await page.waitForURL(`${sys.base}/anslagstavla/${t.slug}`);

      const badId = await page.goto(`${sys.base}/anslag/protokoll/inte-ett-id`, { waitUntil: 'load' });
      // Without a login the page leads to the login, with the way back; with an API key header it is the 400 of the id.
      expect(badId?.status()).toBe(200);
      expect(page.url()).toBe(`${sys.base}/login?next=%2Fanslag%2Fprotokoll%2Finte-ett-id`);
      const ctxKey =
        width === 390
          ? await phoneContext(browser, { authorization: `Bearer ${t.sekA.apiKey}` })
          : await browser.newContext({
              viewport: { width, height: 900 },
              locale: 'sv-SE',
              extraHTTPHeaders: { authorization: `Bearer ${t.sekA.apiKey}` },
            });
      const keyed = await ctxKey.newPage();
      const bad = await keyed.goto(`${sys.base}/justering/inte-ett-id`);
      expect(bad?.status()).toBe(400);
      await expect(keyed.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Felaktig begäran');
      await expect(keyed.locator('main').textContent()).resolves.toContain('Ogiltigt id');
      await expect(keyed.content()).resolves.not.toContain('Validation failed');
      await fits(keyed, '400 page', width, problems);
      await ctxKey.close();

      const expired = await page.goto(`${sys.base}${signLink}`);
      expect(expired?.status()).toBe(410);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Länken har gått ut');
      await expect(page.locator('main').textContent()).resolves.toContain(`Kontakta sekreteraren ${SECRETARY.name}`);
      await expect(page.getByRole('link', { name: SECRETARY.email }).getAttribute('href')).resolves.toBe(`mailto:${SECRETARY.email}`);
      await fits(page, 'expired signing link', width, problems);

      await ctx.close();
      expect(problems).toEqual([]);
    });
  }
});

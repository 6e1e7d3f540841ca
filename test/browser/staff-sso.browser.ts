/**
 * Staff single sign-on in a real browser (docs/identity.md): the login page with the button passes
 * axe-core and fits at 390 and 1280 px; the round trip through the real provider's login page lands
 * on the start page; an address without an account ends on a Swedish error page in the site's layout.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { axe, describeViolations, horizontalOverflow, launchBrowser, phoneContext } from '../support/browser';
import { TestOidcProvider } from '../support/oidc-provider';
import { freePort } from '../support/processes';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

describe('staff single sign-on in Chromium', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let idp: TestOidcProvider;
  let browser: Browser;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    const port = await freePort();
    const probe = new TestOidcProvider([]);
    sys = await startApi({
      JUSTERA_SSO_ISSUER: `http://127.0.0.1:${port}`,
      JUSTERA_SSO_CLIENT_ID: probe.clientId,
      JUSTERA_SSO_CLIENT_SECRET: probe.clientSecret,
    });
    idp = await new TestOidcProvider(
      [`${sys.base}/login/sso/tillbaka`],
      {
        sara: {
          sub: 'sub-sara',
          password: 'pw',
          name: 'Sara Berg',
          given_name: 'Sara',
          family_name: 'Berg',
          email: t.sekA.email,
          email_verified: true,
        },
        okand: {
          sub: 'sub-okand',
          password: 'pw',
          name: 'Olle Okand',
          given_name: 'Olle',
          family_name: 'Okand',
          email: 'okand@test.example',
          email_verified: true,
        },
      },
      [`${sys.base}/login`],
    ).start(port);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await idp?.stop();
    await sys?.stop();
    await ds?.destroy();
  });

  for (const width of [390, 1280]) {
    const context = (): Promise<BrowserContext> =>
      width === 390 ? phoneContext(browser) : browser.newContext({ viewport: { width, height: 900 }, locale: 'sv-SE' });

    it(`logs in through the provider's page at ${width} px, accessible and fitting`, async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      const check = async (what: string) => {
        expect(`${what}: ${describeViolations(await axe(page))}`).toBe(`${what}: `);
        const o = await horizontalOverflow(page);
        expect(`${what}: ${o.scrollWidth > o.viewport ? o.culprits.join(', ') : ''}`).toBe(`${what}: `);
      };

      await page.goto(`${sys.base}/`);
      expect(page.url()).toContain('/login');
      await check('login page');
      await page.getByRole('button', { name: 'Logga in med organisationens inloggning' }).click();
      await page.waitForURL(`${idp.issuer}/**`);
      await page.getByLabel('Användarnamn').fill('sara');
      await page.getByLabel('Lösenord').fill('pw');
      await page.getByRole('button', { name: 'Logga in', exact: true }).click();
      await page.waitForURL(`${sys.base}/`);
      await check('start page after single sign-on');
      await page.getByRole('button', { name: 'Logga ut' }).click();
      // Back at the provider to end its session too.
      await page.waitForURL(`${idp.issuer}/**`);

      const ctx2 = await context();
      const other = await ctx2.newPage();
      await other.goto(`${sys.base}/login`);
      await other.getByRole('button', { name: 'Logga in med organisationens inloggning' }).click();
      await other.getByLabel('Användarnamn').fill('okand');
      await other.getByLabel('Lösenord').fill('pw');
      await other.getByRole('button', { name: 'Logga in', exact: true }).click();
      await other.waitForURL(`${sys.base}/login/sso/tillbaka**`);
      await expect(other.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Inloggningen misslyckades');
      await expect(other.locator('main').textContent()).resolves.toContain('Ditt konto finns inte i Justera');
      expect(describeViolations(await axe(other))).toBe('');
      const o = await horizontalOverflow(other);
      expect(o.scrollWidth).toBeLessThanOrEqual(o.viewport);
      await ctx.close();
      await ctx2.close();
    });
  }
});

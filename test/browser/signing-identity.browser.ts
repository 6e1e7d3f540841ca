/**
 * The signer's e-legitimation in Chromium (docs/identity.md), against the real system: the api and the
 * worker as processes, the e2e tests' SMTP server, and a real OpenID provider (panva's oidc-provider,
 * its own process, with its own login page). The admin sets the organ to e-legitimation on the organ's
 * page; each undertecknare follows the mailed link, sees only "Identifiera dig med e-legitimation",
 * logs in at the provider's page, comes back identified and approves; pdfsig then shows the verified
 * names in the signer certificates. A name that does not match and a provider that does not answer end
 * on Swedish pages. Every page of ours is axe-clean and fits 1280 and 390 px.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import type { ParsedMail } from 'mailparser';
import { certificateFromPem } from '@justera/pades';
import { nssDbTrusting, pdfsig } from '../../libs/pades/src/testing/pdf-checks';
import { axe, describeViolations, horizontalOverflow, launchBrowser, phoneContext } from '../support/browser';
import { request } from '../support/http';
import { waitForCompletedRound } from '../support/justera-flow';
import { TestOidcProvider } from '../support/oidc-provider';
import { freePort, ROOT, waitFor } from '../support/processes';
import { startSystem, System } from '../support/system';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(150_000);

describe('signing with e-legitimation in Chromium', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let idp: TestOidcProvider;
  let base: string;
  let browser: Browser;

  /** axe-clean, and no sideways scrolling at 1280 and at 390 px. */
  async function checkPage(page: Page, what: string) {
    expect(`${what}: ${describeViolations(await axe(page))}`).toBe(`${what}: `);
    const size = page.viewportSize();
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
    if (size) await page.setViewportSize(size);
  }

  const context = (width: number): Promise<BrowserContext> =>
    width === 390 ? phoneContext(browser) : browser.newContext({ viewport: { width, height: 900 }, locale: 'sv-SE' });

  const linkOf = (m: ParsedMail): string => {
    const found = (m.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/);
    if (!found) throw new Error(`no signing link in ${m.subject}`);
    return found[0];
  };
  const mailTo = (to: string, subject: string): Promise<ParsedMail> =>
    waitFor(`mail "${subject}" to ${to}`, async () => sys.smtp.to(to).find((m) => m.subject?.startsWith(subject)), 20_000);

  async function startJustering() {
    const protocol = JSON.parse(
      readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'),
    ) as Record<string, unknown> & { meeting: { date: string } };
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    protocol.storagePlace = `Kommunarkivet, hylla ${randomBytes(4).toString('hex')}`;
    const created = await request<{ id: string }>(base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      json: { organId: t.organA, protocol },
    });
    expect(created.status).toBe(201);
    const s = randomBytes(4).toString('hex');
    const people = [
      { role: 'sekreterare', name: 'Thomas Norgren', email: `sek-${s}@test.example` },
      { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-${s}@test.example` },
      { role: 'justerare', name: 'Åsa Öberg', email: `jus-${s}@test.example` },
    ];
    const started = await request<{ rounds: { id: string; identityLevel: string }[] }>(
      base,
      'POST',
      `/api/protocols/${created.body.id}/justering`,
      { apiKey: t.sekA.apiKey, json: { signatories: people } },
    );
    expect(started.status).toBe(201);
    return { protocolId: created.body.id, round: started.body.rounds[0], people };
  }

  /** The mailed link → "Identifiera dig" → the provider's own login page → back to the link's page. */
  async function identify(page: Page, link: string, username: string) {
    await page.goto(link);
    await expect(page.getByRole('button', { name: 'Identifiera dig med e-legitimation' }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Justera och signera' }).count()).resolves.toBe(0);
    // With the keyboard, as a keyboard user would: at 1280 px a mouse click right after Playwright scrolled
    // the button into view was now and then routed to the PDF's iframe (out of process; it took the focus
    // and the form was never sent — seen in CI, and locally 1 run in 3 with a screenshot and the api's log).
    await page.getByRole('button', { name: 'Identifiera dig med e-legitimation' }).press('Enter');
    await page.waitForURL(`${idp.issuer}/**`).catch(async (err: Error) => {
      // Say where the browser stayed (our failure page names the cause) rather than only "timeout".
      const main = await page.locator('main').textContent().catch(() => null);
      throw new Error(
        `not at the provider but at ${page.url()}: ${main?.replace(/\s+/g, ' ').trim().slice(-300) ?? '(no main)'}\n${err.message}\n${sys.logs(4000)}`,
      );
    });
    await page.getByLabel('Användarnamn').fill(username);
    await page.getByLabel('Lösenord').fill('pw');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(base));
  }

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Legitimationskommun');
    idp = new TestOidcProvider([]);
    idp.port = await freePort();
    sys = await startSystem(idp.env());
    base = sys.base;
    idp.redirectUris = [`${base}/sign/identitet/tillbaka`];
    await idp.start(idp.port);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await idp?.stop();
    await ds?.destroy();
  });

  it('the admin sets the organ to e-legitimation on its page', async () => {
    const ctx = await context(1280);
    const page = await ctx.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('E-postadress').fill(t.admin.email);
    await page.getByLabel('Lösenord').fill(t.admin.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/admin/organ/${t.organA}`);
    await expect(page.getByRole('heading', { name: 'Hur undertecknarna identifieras' }).count()).resolves.toBe(1);
    await checkPage(page, 'organ page with the identity level');
    await page.getByLabel(/E-legitimation: undertecknaren identifierar sig/).check();
    await page.getByRole('button', { name: 'Spara identifieringen' }).click();
    await page.waitForURL(`${base}/admin/organ/${t.organA}?klart=identitet-sparad`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Identifieringen är sparad');
    await expect(page.getByLabel(/E-legitimation: undertecknaren identifierar sig/).isChecked()).resolves.toBe(true);
    // Without staff SSO the login page says so and offers no switch.
    await page.goto(`${base}/admin/inloggning`);
    await expect(page.locator('main').textContent()).resolves.toContain('Organisationens inloggning (single sign-on) är inte inställd');
    await expect(page.locator('main').textContent()).resolves.toContain('Loggade in med lösenord');
    await checkPage(page, 'login settings page');
    await ctx.close();
  });

  it('each undertecknare identifies at the provider and approves; the signer certificates name the verified persons', async () => {
    const { protocolId, round, people } = await startJustering();
    expect(round.identityLevel).toBe('e-legitimation');
    const users = ['norgren', 'lothstam', 'oberg'];
    for (const [i, person] of people.entries()) {
      const link = linkOf(await mailTo(person.email, 'Protokoll att justera'));
      const ctx = await context(i === 1 ? 1280 : 390);
      const page = await ctx.newPage();
      await page.goto(link);
      if (i === 0) await checkPage(page, 'the link before identifying');
      await identify(page, link, users[i]);
      expect(new URL(page.url()).pathname).toBe(new URL(link).pathname);
      await expect(page.locator('main').textContent()).resolves.toMatch(/Identifierad med e-legitimation \(Testlegitimation\) som/);
      if (i === 0) await checkPage(page, 'the link after identifying');
      await page.getByLabel(/Jag har läst protokollet och godkänner/).check();
      await page.getByRole('button', { name: 'Justera och signera' }).click();
      await expect(page.locator('main').textContent()).resolves.toContain('Du har signerat protokollet');
      if (i === 0) await checkPage(page, 'signed');
      await ctx.close();
    }

    await waitForCompletedRound(base, t.sekA.apiKey, protocolId, 90_000);
    const pdf = await fetch(`${base}/api/protocols/${protocolId}/justering/${round.id}/document.pdf`, {
      headers: { authorization: `Bearer ${t.sekA.apiKey}` },
    });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'identity-browser-'));
    writeFileSync(join(dir, 'p.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const nss = await nssDbTrusting(certificateFromPem(await (await fetch(`${base}/pki/root.pem`)).text()));
    try {
      const check = await pdfsig(nss, join(dir, 'p.pdf'));
      const signers = check.signatures.filter((s) => !s.documentTimestamp);
      expect(signers.map((s) => s.text.match(/Signer Certificate Common Name: (.*)/)?.[1])).toEqual([
        'Thomas Erik Norgren',
        'Mikael Löthstam',
        'ASA OBERG',
      ]);
      for (const s of signers) expect(s).toMatchObject({ valid: true, trusted: true });
    } finally {
      nss.cleanup();
    }
  });

  it('a name that does not match, and a provider that does not answer: Swedish pages, nothing approved', async () => {
    const { people } = await startJustering();
    const link = linkOf(await mailTo(people[0].email, 'Protokoll att justera'));
    for (const width of [390, 1280]) {
      const ctx = await context(width);
      const page = await ctx.newPage();
      await identify(page, link, 'falk');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Namnet stämmer inte');
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('Kerstin Falk');
      expect(text).toContain('Thomas Norgren');
      await expect(page.getByRole('button', { name: 'Justera och signera' }).count()).resolves.toBe(0);
      await checkPage(page, `mismatch at ${width}`);
      await ctx.close();
    }
    // The sekreterare (here the link's own undertecknare) is told.
    await mailTo(people[0].email, 'Namnet stämmer inte');

    await idp.stop();
    try {
      const ctx = await context(390);
      const page = await ctx.newPage();
      await page.goto(link);
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Identifiera dig med e-legitimation' }).click();
      await page.waitForLoadState();
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(page.url().startsWith(base)).toBe(true);
      await expect(page.locator('main').textContent()).resolves.toContain('E-legitimationstjänsten svarar inte just nu');
      await checkPage(page, 'provider down');
      await ctx.close();
    } finally {
      await idp.start(idp.port);
    }
  });
});

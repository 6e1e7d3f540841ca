/**
 * The trip-ups of a new-user trial (fresh clone, `npm run quickstart`, the jobs in Chromium at 1280
 * and 390 px), each checked as the person met it: every page looked at is axe-clean (WCAG 2.1 AA)
 * and no wider than the viewport. Screenshots go to test-results/trial/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { axe, describeViolations, horizontalOverflow, launchBrowser, phoneContext } from '../support/browser';
import { request } from '../support/http';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, TestUser, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(240_000);

const SHOTS = join(ROOT, 'test-results', 'trial');
const WIDTHS = [1280, 390] as const;

describe('the new-user trial in Chromium', () => {
  let ds: DataSource;
  let sys: System;
  let browser: Browser;
  let t: Tenant;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ds = await openDataSource();
    t = await createTenant(ds, 'Provkommun');
    sys = await startSystem();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  async function context(width: number): Promise<BrowserContext> {
    return width < 500 ? phoneContext(browser) : browser.newContext({ viewport: { width, height: 900 }, locale: 'sv-SE' });
  }

  async function login(page: Page, who: TestUser, next: string) {
    await page.goto(`${sys.base}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('E-postadress').fill(who.email);
    await page.getByLabel('Lösenord').fill(who.password);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.waitForURL(`${sys.base}${next}`);
  }

  /** axe-clean, no sideways scrolling, and a screenshot to look at. */
  async function look(page: Page, width: number, name: string) {
    await page.waitForLoadState('load');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SHOTS, `${width}-${name}.png`), fullPage: true });
    expect(describeViolations(await axe(page))).toBe('');
    const o = await horizontalOverflow(page);
    expect(o.culprits).toEqual([]);
    expect(o.scrollWidth).toBeLessThanOrEqual(o.viewport);
  }

  /** A new, empty protocol written in the workspace: the draft has no meeting date yet. */
  async function newDraft(page: Page): Promise<string> {
    await page.goto(`${sys.base}/arbetsyta/skriv`);
    await page.getByRole('button', { name: 'Börja med ett tomt protokoll' }).click();
    await page.waitForURL(/\/arbetsyta\/protokoll\/[0-9a-f-]{36}\/redigera$/);
    await page.getByText('Utkastet är sparat').waitFor();
    return page.url().match(/protokoll\/([0-9a-f-]{36})/)![1];
  }

  it.each(WIDTHS)('a draft without a meeting date says "Sammanträdesdatum saknas", not "· ·" (and its page opens) at %i px', async (width) => {
    const ctx = await context(width);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await login(page, t.sekA, '/arbetsyta');
      const id = await newDraft(page);
      await page.goto(`${sys.base}/arbetsyta`);
      const item = page.locator('ul.protocols li', { has: page.locator(`a[href$="/protokoll/${id}"]`) });
      await expect(item.textContent()).resolves.toContain('Sammanträdesdatum saknas');
      await expect(item.textContent()).resolves.not.toMatch(/·\s*·/);
      await look(page, width, 'utkast-lista');
      // The protocol's own page crashed ("Något gick fel") on the missing date.
      await page.goto(`${sys.base}/arbetsyta/protokoll/${id}`);
      await page.locator('h1').first().waitFor();
      await expect(page.locator('main, body').first().textContent()).resolves.toContain('Sammanträdesdatum saknas');
      await expect(page.getByText('Något gick fel').count()).resolves.toBe(0);
      // The preview of the incomplete draft is a sentence with a link to the editor, not the api's error as raw JSON.
      await page.getByText('PDF:en visas här när protokollet har allt som behövs.').waitFor();
      await expect(page.locator('aside iframe').count()).resolves.toBe(0);
      await expect(page.locator('aside').textContent()).resolves.not.toContain('statusCode');
      await look(page, width, 'utkast-sidan');
      // The start page's table has a cell for it.
      await page.goto(`${sys.base}/`);
      const row = page.locator('tr', { has: page.locator(`a[href="/arbetsyta/protokoll/${id}"]`) });
      await expect(row.locator('td[data-label="Sammanträdesdatum"]').textContent()).resolves.toBe('saknas');
      await look(page, width, 'start-utkast');
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('offers the three ways to a new protocol in the same order on / and on /arbetsyta', async () => {
    const ctx = await context(1280);
    const page = await ctx.newPage();
    try {
      await login(page, t.sekA, '/');
      const ways = ['/arbetsyta/skriv', '/arbetsyta/importera', '/arbetsyta/ladda-upp'];
      const order = async () =>
        (await page.locator('a[href^="/arbetsyta/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).filter((h) =>
          ways.includes(h!),
        );
      await expect(order()).resolves.toEqual(ways);
      await page.goto(`${sys.base}/arbetsyta`);
      await page.getByRole('heading', { name: 'Nytt protokoll' }).waitFor();
      await expect(order()).resolves.toEqual(ways);
      await look(page, 1280, 'arbetsyta-start');
    } finally {
      await ctx.close();
    }
  });

  it('fills a new protocol\'s Organisation with the organisation\'s name from /api/me', async () => {
    const me = await request<{ organisationName: string }>(sys.base, 'GET', '/api/me', { apiKey: t.sekA.apiKey });
    expect(me.body.organisationName).toBe(t.organisationName);
    const ctx = await context(1280);
    const page = await ctx.newPage();
    try {
      await login(page, t.sekA, '/arbetsyta');
      await newDraft(page);
      await expect(page.locator('#f-organisation').inputValue()).resolves.toBe(t.organisationName);
    } finally {
      await ctx.close();
    }
  });

  it.each(WIDTHS)('a blank editor is not red before anything is typed; a field left, or Spara nu, shows the messages, at %i px', async (width) => {
    const ctx = await context(width);
    const page = await ctx.newPage();
    try {
      await login(page, t.sekA, '/arbetsyta');
      await newDraft(page);
      // What is left is listed (a to-do list, not red), but no field is marked before it is touched.
      await expect(page.locator('#remaining-heading').textContent()).resolves.toMatch(/Kvar innan protokollet kan justeras \(\d+\)/);
      await expect(page.locator('.split-main .field-error').count()).resolves.toBe(0);
      await expect(page.locator('.split-main [aria-invalid="true"]').count()).resolves.toBe(0);
      await look(page, width, 'redigera-tomt');
      // Leaving the meeting's place empty shows its message, and only its.
      await page.locator('#f-meeting-place').focus();
      await page.locator('#f-storagePlace').focus();
      await expect(page.locator('#f-meeting-place-error').textContent()).resolves.toBe('får inte vara tom');
      await expect(page.locator('.split-main .field-error').count()).resolves.toBe(1);
      // Trying to save shows them all.
      await page.getByRole('button', { name: 'Spara nu' }).click();
      await page.getByText('Utkastet är sparat').waitFor();
      await expect(page.locator('.split-main .field-error').count()).resolves.toBeGreaterThan(1);
      await look(page, width, 'redigera-spara');
    } finally {
      await ctx.close();
    }
  });

  it.each(WIDTHS)('"Skriv ett protokoll" for an organ\'s very first protocol: no red message before anything is done, and the primary button works, at %i px', async (width) => {
    const fresh = await createTenant(ds, 'Förstagångskommun');
    const ctx = await context(width);
    const page = await ctx.newPage();
    try {
      await login(page, fresh.sekA, '/arbetsyta/skriv');
      await page.getByText(/har inget tidigare protokoll skrivet i Justera/).waitFor();
      await expect(page.locator('.error, .field-error, [role="alert"]').count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Börja från förra mötets protokoll' }).count()).resolves.toBe(0);
      await look(page, width, 'skriv-forsta');
      // The one button there is the primary one, and it makes the protocol.
      const primary = page.locator('form:has(#f-organId) button[type="submit"]');
      await expect(primary.textContent()).resolves.toBe('Börja med ett tomt protokoll');
      await primary.click();
      await page.waitForURL(/\/arbetsyta\/protokoll\/[0-9a-f-]{36}\/redigera$/);
      // The second time the organ has a draft, but one without a meeting date is no previous meeting's
      // protocol (copying it gave a later trial a blank draft): still only the empty protocol, no error.
      await page.goto(`${sys.base}/arbetsyta/skriv`);
      await page.getByText(/har inget tidigare protokoll skrivet i Justera/).waitFor();
      await expect(page.getByRole('button', { name: 'Börja från förra mötets protokoll' }).count()).resolves.toBe(0);
      await expect(page.locator('.error, .field-error, [role="alert"]').count()).resolves.toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('the "senast" hint shows the justering date chosen, not a fixed one', async () => {
    const ctx = await context(1280);
    const page = await ctx.newPage();
    try {
      await login(page, t.sekA, '/arbetsyta');
      await newDraft(page);
      const hint = page.locator('#f-justering-latest-hint');
      // Unticked, the hint says what ticking does (a trial read the plain sentence as "senast" being printed).
      await expect(hint.textContent()).resolves.toBe('Om rutan kryssas i skrivs "senast" före justeringens datum i protokollet.');
      await page.locator('#f-justering-date').fill('2027-01-15');
      await expect(hint.textContent()).resolves.toBe('Om rutan kryssas i skrivs "senast 2027-01-15" i protokollet.');
      await page.locator('#f-justering-latest').check();
      await expect(hint.textContent()).resolves.toBe('Skrivs "senast 2027-01-15" i protokollet.');
    } finally {
      await ctx.close();
    }
  });

  it.each(WIDTHS)('a new API key is shown whole, has a copy button, and the form starts afresh, at %i px', async (width) => {
    const ctx = await context(width);
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sys.base });
    const page = await ctx.newPage();
    const csp: string[] = [];
    page.on('console', (m) => m.type() === 'error' && csp.push(m.text()));
    page.on('pageerror', (e) => csp.push(String(e)));
    try {
      await login(page, t.admin, '/admin/api-nycklar');
      await page.locator('#key-name').fill(`Webbplatsen ${width}`);
      await page.locator('#key-role').selectOption('admin');
      await page.getByRole('button', { name: 'Skapa nyckel' }).click();
      const key = page.locator('#created-key');
      await key.waitFor();
      const value = await key.inputValue();
      expect(value).toMatch(/^jst_[A-Za-z0-9_-]{30,}$/);
      // The whole key is in view: its box is not narrower than the key (it was cut off at 390 px).
      const fits = await key.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1);
      expect(fits).toBe(true);
      // The form starts afresh for the next key.
      await expect(page.locator('#key-role').inputValue()).resolves.toBe('revisor');
      await expect(page.locator('#key-name').inputValue()).resolves.toBe('');
      await look(page, width, 'api-nyckel');
      await page.getByRole('button', { name: 'Kopiera nyckeln' }).click();
      // The clipboard write is a promise: the status is set when it resolves, not at the click.
      await page.locator('#copy-key-status').getByText('Nyckeln är kopierad.', { exact: true }).waitFor();
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(value);
      expect(csp).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('without JavaScript the new key is still there to select, and no copy button that cannot work is shown', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE', javaScriptEnabled: false });
    const page = await ctx.newPage();
    try {
      await login(page, t.admin, '/admin/api-nycklar');
      await page.locator('#key-name').fill('Utan skript');
      await page.getByRole('button', { name: 'Skapa nyckel' }).click();
      await page.locator('#created-key').waitFor();
      await expect(page.locator('#created-key').inputValue()).resolves.toMatch(/^jst_/);
      await expect(page.locator('#created-key').getAttribute('readonly')).resolves.not.toBeNull();
      await expect(page.getByRole('button', { name: 'Kopiera nyckeln' }).isVisible()).resolves.toBe(false);
    } finally {
      await ctx.close();
    }
  });

  it('the signing page shows the protocol before the confirmation, and on a phone a link to open the PDF instead of an empty frame', async () => {
    const protocol = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'));
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    protocol.storagePlace = `Kommunarkivet, hylla ${t.slug}`;
    const created = await request<{ id: string }>(sys.base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organA, protocol } });
    expect(created.status).toBe(201);
    const tag = created.body.id.slice(0, 8);
    const sek = { role: 'sekreterare', name: 'Thomas Norgren', email: `sek-trial-${tag}@test.example` };
    const started = await request(sys.base, 'POST', `/api/protocols/${created.body.id}/justering`, {
      apiKey: t.sekA.apiKey,
      json: {
        signatories: [
          sek,
          { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-trial-${tag}@test.example` },
          { role: 'justerare', name: 'Håkan Englund', email: `jus-trial-${tag}@test.example` },
        ],
      },
    });
    expect(started.status).toBe(201);
    const mail = await waitFor('invitation', async () => sys.smtp.to(sek.email)[0]);
    const link = (mail.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)![0];
    for (const width of WIDTHS) {
      const ctx = await context(width);
      const page = await ctx.newPage();
      try {
        await page.goto(link);
        const y = async (name: string) => (await page.getByRole('heading', { level: 2, name, exact: true }).boundingBox())!.y;
        expect(await y('Protokollet')).toBeLessThan(await y('Justera och signera'));
        const open = page.getByRole('link', { name: 'Öppna protokollet (PDF)' });
        if (width < 500) {
          await expect(page.locator('iframe.pdf').isVisible()).resolves.toBe(false);
          await expect(open.isVisible()).resolves.toBe(true);
          const pdf = await fetch(new URL((await open.getAttribute('href'))!, link));
          expect(pdf.headers.get('content-type')).toContain('application/pdf');
        } else {
          await expect(page.locator('iframe.pdf').isVisible()).resolves.toBe(true);
          await expect(open.isVisible()).resolves.toBe(false);
        }
        // One action for the PDF at each width: the button on a phone, the download beside the frame on a wide screen.
        const src = await page.locator('iframe.pdf').getAttribute('src');
        await expect(page.locator(`a[href="${src}"]:visible`).count()).resolves.toBe(1);
        const downloadShown = page.getByRole('link', { name: /^Ladda ner protokollet \(PDF, \d+ kB\)$/ }).isVisible();
        await expect(downloadShown).resolves.toBe(width >= 500);
        await look(page, width, 'signera');
      } finally {
        await ctx.close();
      }
    }
  });
});

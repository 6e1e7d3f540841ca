/**
 * The workspace's start confirmation (apps/web Protocol.tsx) refuses to start a justering while a
 * signer has no e-mail address: it names who lacks one and the start button cannot be pressed, in
 * Chromium at 1280 and 390 px; once the address is added and saved, the same confirmation lets the
 * start through. Signers are listed in the order the links go out, whatever order they were given in.
 * Nothing is mailed and the protocol stays a draft while the address is missing. An address typed but
 * not saved stops the start with a message that takes focus on every press, not only the first.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { renderProtocolPdf } from '@justera/pdf';
import { axe, describeViolations, launchBrowser } from '../support/browser';
import { request } from '../support/http';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(300_000);

const SHOTS = join(ROOT, 'test-results', 'start-confirmation');

async function check(page: Page, width: number, name: string) {
  await page.waitForLoadState('load');
  await page.waitForTimeout(250);
  expect(describeViolations(await axe(page))).toBe('');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(SHOTS, `${width}-${name}.png`), fullPage: true });
}

describe('the workspace start confirmation with a signer without an e-mail address', () => {
  let ds: DataSource;
  let sys: System;
  let browser: Browser;
  let pdf: Buffer;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ds = await openDataSource();
    sys = await startSystem();
    browser = await launchBrowser();
    const fixture = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'));
    pdf = Buffer.from(await renderProtocolPdf(fixture));
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  it.each([1280, 390])('names the signer, refuses the start, and starts once the address is saved, at %i px', async (width) => {
    const t = await createTenant(ds, `Startbekräftelse ${width}`);
    const tag = `${width}-${t.slug.slice(-6)}`;
    const sek = { name: 'Sara Sekreterare', email: `sara-${tag}@test.example` };
    const ord = { name: 'Olle Ordförande', email: `olle-${tag}@test.example` };
    const jus = { name: 'Jenny Justerare', email: `jenny-${tag}@test.example` };
    // A draft whose ordförande has no address yet (a draft may lack one; the start needs it), given
    // with the justerare first.
    const form = new FormData();
    form.append('organId', t.organA);
    form.append('title', 'Protokoll kommunstyrelsen');
    form.append('meetingDate', '2026-12-01');
    form.append('storagePlace', 'Kommunkansliet');
    form.append(
      'signatories',
      JSON.stringify([
        { role: 'justerare', ...jus },
        { role: 'ordforande', name: ord.name },
        { role: 'sekreterare', ...sek },
      ]),
    );
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'protokoll.pdf');
    const created = await request<{ id: string }>(sys.base, 'POST', '/api/protocols/upload', { apiKey: t.sekA.apiKey, body: form });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const ctx = await browser.newContext({
      viewport: { width, height: 900 },
      locale: 'sv-SE',
      ...(width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await page.goto(`${sys.base}/login?next=/arbetsyta/protokoll/${id}`);
      await page.getByLabel('E-postadress').fill(t.sekA.email);
      await page.getByLabel('Lösenord').fill(t.sekA.password);
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.waitForURL(`${sys.base}/arbetsyta/protokoll/${id}`);
      await page.getByRole('heading', { name: 'Innan justeringen startar' }).waitFor();

      await page.getByRole('button', { name: 'Starta justeringen' }).click();
      const confirm = page.getByRole('group', { name: /Vill du starta justeringen nu/ });
      await confirm.waitFor();
      // Who lacks an address is named with their role, and the start cannot be pressed.
      await expect(confirm.locator('.field-error').innerText()).resolves.toBe(
        'E-postadress saknas för Olle Ordförande (ordförande). Varje undertecknare behöver en adress för sin länk: lägg till den och spara, starta sedan.',
      );
      const yes = confirm.getByRole('button', { name: 'Ja, starta och skicka länkarna' });
      await expect(yes.isDisabled()).resolves.toBe(true);
      // In the order the links go out, not the order given.
      expect(await confirm.locator('li').allInnerTexts()).toEqual([
        `${sek.name}, sekreterare (${sek.email})`,
        `${ord.name}, ordförande`,
        `${jus.name}, justerare (${jus.email})`,
      ]);
      await check(page, width, '01-no-email');
      await confirm.getByRole('button', { name: 'Avbryt' }).click();
      await confirm.waitFor({ state: 'detached' });
      const draft = await request<{ status: string }>(sys.base, 'GET', `/api/protocols/${id}`, { apiKey: t.sekA.apiKey });
      expect(draft.body.status).toBe('draft');
      expect(sys.smtp.to(sek.email)).toHaveLength(0);

      // The address typed but not saved: the start says so, and says it again (with focus on the
      // summary each time, where a keyboard or screen-reader user hears it) on a second press.
      await page.locator('#f-signatories-1-email').fill(ord.email);
      for (let press = 1; press <= 2; press++) {
        await page.getByRole('button', { name: 'Starta justeringen' }).click();
        await page.locator('#error-summary').getByText('Spara ändringarna innan du startar justeringen.').waitFor();
        await waitFor(
          `the summary focused after press ${press}`,
          async () => (await page.evaluate(() => document.activeElement?.id)) === 'error-summary',
          5_000,
        );
        await page.locator('#f-signatories-1-email').focus();
      }
      await expect(confirm.count()).resolves.toBe(0);

      // The address saved: the same confirmation lets the start through.
      await page.getByRole('button', { name: 'Spara ändringar' }).click();
      await page.getByText('Ändringarna är sparade.').waitFor();
      await page.getByRole('button', { name: 'Starta justeringen' }).click();
      await confirm.waitFor();
      await expect(confirm.locator('.field-error').count()).resolves.toBe(0);
      await expect(yes.isDisabled()).resolves.toBe(false);
      await yes.click();
      await page.getByText('Justeringen är startad').waitFor();
      await waitFor('the link to the sekreterare', async () => sys.smtp.to(sek.email)[0], 30_000);
      expect(pageErrors).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: join(SHOTS, `${width}-FAILED.png`), fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await ctx.close();
    }
  });
});

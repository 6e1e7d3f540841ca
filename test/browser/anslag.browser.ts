/**
 * The public anslagstavla in Chromium: the board (current notices and the archive), a notice page
 * and the appeal page pass axe-core (WCAG 2.1 A/AA) on a phone and on a desktop, work without
 * JavaScript, and the links lead where they say.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { TestClock, enqueueJob, insertJusteratProtocol } from '../support/anslag';
import { axe, describeViolations, launchBrowser, phoneContext } from '../support/browser';
import { request } from '../support/http';
import { AppProcess, appEnv, freePort, waitFor } from '../support/processes';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

describe('anslagstavla in Chromium', () => {
  let ds: DataSource;
  let t: Tenant;
  let api: AppProcess;
  let worker: AppProcess;
  let base: string;
  let browser: Browser;
  let clock: TestClock;

  const posted = (protocolId: string) =>
    waitFor('notice posted', async () => {
      const r = await request<{ storedState: string; bevisDocumentId: string | null }[]>(base, 'GET', `/api/anslag/notices?protocolId=${protocolId}`, { apiKey: t.admin.apiKey });
      return Array.isArray(r.body) && r.body.some((n) => n.storedState === 'current' && n.bevisDocumentId);
    }, 60_000);

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Tavelkommun');
    clock = new TestClock(t.organisationId);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    clock.set('2026-12-02T10:05:00Z');
    const env = appEnv({ PORT: String(port), PUBLIC_URL: base });
    api = new AppProcess('api', env).start();
    worker = new AppProcess('worker', env).start();
    await waitFor('api health', async () => (await request(base, 'GET', '/health')).status === 200, 30_000);
    const old = await insertJusteratProtocol(ds, t.organisationId, t.organA, '2026-11-25');
    await enqueueJob(ds, 'anslag.post-notice', { protocolId: old.id, roundId: randomUUID(), justeradAt: '2026-12-02T09:30:00Z' });
    await posted(old.id);
    clock.set('2027-01-20T10:05:00Z');
    const current = await insertJusteratProtocol(ds, t.organisationId, t.organB, '2027-01-14', 'gemensam-namnd-2020-02-14');
    await enqueueJob(ds, 'anslag.post-notice', { protocolId: current.id, roundId: randomUUID(), justeradAt: '2027-01-20T09:30:00Z', paragraphs: [1, 2, 3] });
    await posted(current.id);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([api?.stop(), worker?.stop()]);
    clock?.clear();
    await ds?.destroy();
  });

  for (const device of ['phone', 'desktop'] as const) {
    it(`shows the board, a notice and the appeal page (${device === 'phone' ? 'phone, checked with axe' : 'desktop, JavaScript off'})`, async () => {
      const ctx = device === 'phone' ? await phoneContext(browser) : await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', javaScriptEnabled: false });
      const page = await ctx.newPage();
      await page.goto(`${base}/anslagstavla/${t.slug}`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Anslagstavla');
      await expect(page.getByRole('heading', { name: /Aktuella anslag \(1\)/ }).count()).resolves.toBe(1);
      await expect(page.getByRole('table').getByRole('link').count()).resolves.toBe(1);
      if (device === 'phone') expect(describeViolations(await axe(page))).toBe('');

      await page.getByRole('link', { name: /Justerat protokollsutdrag/ }).first().click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Justerat protokollsutdrag');
      await expect(page.locator('dl.facts').textContent()).resolves.toContain('Sista dag att överklaga');
      if (device === 'phone') expect(describeViolations(await axe(page))).toBe('');

      await page.goto(`${base}/anslagstavla/${t.slug}/overklaga`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Så överklagar du (laglighetsprövning)');
      if (device === 'phone') expect(describeViolations(await axe(page))).toBe('');
      await ctx.close();
    });
  }

  it('has no axe violations on the desktop board and an archived notice', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await ctx.newPage();
    await page.goto(`${base}/anslagstavla/${t.slug}`);
    expect(describeViolations(await axe(page))).toBe('');
    await page.getByRole('table').getByRole('link').first().click();
    await expect(page.getByText('Anslaget är nedtaget.').count()).resolves.toBe(1);
    expect(describeViolations(await axe(page))).toBe('');
    await ctx.close();
  });
});
